import * as tf from '@tensorflow/tfjs-core';
import type { Evaluation, Objective, PixelOptimizer } from './pixel-optimizer';

/** The weak Wolfe constants (sufficient decrease, curvature) and the evaluations a line search may make. */
const ARMIJO = 1e-4;
const WOLFE = 0.9;
const MAX_TRIALS = 20;

/**
 * L-BFGS (tfjs has none): the two-loop recursion over the last `historySize` steps gives the
 * direction, a weak Wolfe line search the step length. Without history the step moves
 * the largest pixel by `firstStep` (the loss's scale is unknown); later steps start at 1, the
 * natural quasi-Newton step.
 */
export class Lbfgs implements PixelOptimizer {
  evaluations = 0;
  private s: tf.Tensor[] = [];
  private y: tf.Tensor[] = [];
  /** The evaluation at the image's current value, left by the last line search. */
  private current: Evaluation | undefined;

  /** @param firstStep how far the largest pixel moves when there is no history yet (the learning rate). */
  constructor(
    private readonly historySize: number,
    private readonly firstStep: number,
  ) {}

  async step(objective: Objective, image: tf.Variable): Promise<tf.Tensor1D> {
    const start = this.current ?? this.evaluate(objective);
    this.current = undefined;
    const f0 = await read(start.loss);
    let direction = this.direction(start.grad);
    let slope = await readOnce(() => tf.sum(tf.mul(start.grad, direction)));
    if (!(slope < 0)) {
      // Not a descent direction (the curvature history misleads): forget it, go down the gradient.
      this.forget();
      direction.dispose();
      direction = tf.neg(start.grad);
      slope = -(await readOnce(() => tf.sum(tf.square(start.grad))));
    }
    const origin = tf.clone(image);
    const t0 = this.s.length ? 1 : this.firstStep / (await readOnce(() => tf.max(tf.abs(direction))));
    const { evaluation: accepted, t } = await this.lineSearch(objective, image, origin, direction, f0, slope, t0);
    if (accepted) {
      moveTo(image, origin, direction, t);
      await this.remember(tf.sub(image, origin), tf.sub(accepted.grad, start.grad));
      this.current = accepted;
      tf.dispose([start.loss, start.grad]);
    } else {
      // No decrease along the direction: stay, and start the next step from the gradient alone.
      image.assign(origin);
      this.forget();
      this.current = { ...start, reported: tf.clone(start.reported) };
    }
    tf.dispose([origin, direction]);
    return start.reported;
  }

  /**
   * Weak Wolfe line search by bracketing: halve when the loss does not fall enough (Armijo), double
   * when the slope is still steep (the step was too short), stop when both conditions hold. Returns
   * the best acceptable evaluation found, or none.
   */
  private async lineSearch(objective: Objective, image: tf.Variable, origin: tf.Tensor, direction: tf.Tensor, f0: number, slope: number, t0: number): Promise<{ evaluation?: Evaluation; t: number }> {
    let lo = 0;
    let hi = Infinity;
    let t = t0;
    let best: { evaluation: Evaluation; t: number } | undefined;
    for (let trial = 0; trial < MAX_TRIALS; trial++) {
      moveTo(image, origin, direction, t);
      const e = this.evaluate(objective);
      if ((await read(e.loss)) > f0 + ARMIJO * t * slope) {
        hi = t;
        tf.dispose([e.loss, e.grad, e.reported]);
      } else {
        if (best) tf.dispose([best.evaluation.loss, best.evaluation.grad, best.evaluation.reported]);
        best = { evaluation: e, t };
        if ((await readOnce(() => tf.sum(tf.mul(e.grad, direction)))) >= WOLFE * slope) break;
        lo = t;
      }
      t = hi < Infinity ? (lo + hi) / 2 : 2 * t;
    }
    return best ?? { t: 0 };
  }

  /** The curvature pairs and the last evaluation belong to the old size: start over. */
  async rescale(): Promise<void> {
    this.dispose();
  }

  dispose(): void {
    this.forget();
    if (this.current) tf.dispose([this.current.loss, this.current.grad, this.current.reported]);
    this.current = undefined;
  }

  private evaluate(objective: Objective): Evaluation {
    this.evaluations++;
    return objective();
  }

  /** -H g by the two-loop recursion, H scaled by sᵀy / yᵀy of the newest pair. */
  private direction(grad: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const dot = (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(a, b));
      const rho = this.s.map((s, i) => tf.div(1, dot(s, this.y[i]!)));
      const alpha: tf.Tensor[] = [];
      let q = grad;
      for (let i = this.s.length - 1; i >= 0; i--) {
        alpha[i] = tf.mul(rho[i]!, dot(this.s[i]!, q));
        q = tf.sub(q, tf.mul(alpha[i]!, this.y[i]!));
      }
      const last = this.s.length - 1;
      let r = last >= 0 ? tf.mul(q, tf.div(dot(this.s[last]!, this.y[last]!), dot(this.y[last]!, this.y[last]!))) : q;
      for (let i = 0; i <= last; i++) {
        const beta = tf.mul(rho[i]!, dot(this.y[i]!, r));
        r = tf.add(r, tf.mul(this.s[i]!, tf.sub(alpha[i]!, beta)));
      }
      return tf.neg(r);
    });
  }

  /**
   * Keeps the pair when its curvature sᵀy is clearly positive relative to |s||y| (else the update
   * would not stay positive definite). Relative, since pixel losses span many orders of magnitude.
   */
  private async remember(s: tf.Tensor, y: tf.Tensor): Promise<void> {
    const cosine = await readOnce(() => tf.div(tf.sum(tf.mul(s, y)), tf.mul(tf.norm(s), tf.norm(y))));
    if (!(cosine > 1e-8)) {
      tf.dispose([s, y]);
      return;
    }
    this.s.push(s);
    this.y.push(y);
    if (this.s.length > this.historySize) tf.dispose([this.s.shift()!, this.y.shift()!]);
  }

  private forget(): void {
    tf.dispose([...this.s, ...this.y]);
    this.s = [];
    this.y = [];
  }
}

/** image = origin + t * direction */
function moveTo(image: tf.Variable, origin: tf.Tensor, direction: tf.Tensor, t: number): void {
  const value = tf.tidy(() => tf.add(origin, tf.mul(direction, t)));
  image.assign(value);
  value.dispose(); // the variable holds its own reference
}

async function read(scalar: tf.Tensor): Promise<number> {
  const [value] = await scalar.data();
  return value!;
}

/** Computes a scalar, reads it back and frees it. */
async function readOnce(compute: () => tf.Tensor): Promise<number> {
  const scalar = tf.tidy(compute);
  try {
    return await read(scalar);
  } finally {
    scalar.dispose();
  }
}
