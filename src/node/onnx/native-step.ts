import { Tensor, type OnnxValue } from 'onnxruntime-common';
import type { Preprocessing } from '../../core/model/weights';
import type { NativeAdamParams, NativeAdamState, NativeLoops, NativeObjective, NativeOps, NativeStep } from '../../core/native/native-ops';
import type { OnnxSession } from './onnx-runtime';
import { NativeGraph, PIXELS } from './native-graph';
import type { StoredLayer } from './weights-file';

const M = 'm';
const V = 'v';
/** 1 - beta^t for the step being taken: Adam's bias corrections. */
const CORRECTION1 = 'one_minus_beta1_t';
const CORRECTION2 = 'one_minus_beta2_t';
const NEXT = { pixels: 'pixels_next', m: 'm_next', v: 'v_next', reported: 'reported' } as const;

/**
 * Whole Adam iterations on onnxruntime (the onnx backend's VggNetwork.nativeLoops): one graph per
 * scale computes J and the reported scalars, J's gradient in the pixels (native-graph.ts) and Adam's
 * update exactly as tfjs's AdamOptimizer writes it, so one step is one session call.
 */
export class OnnxNativeLoops implements NativeLoops {
  constructor(private readonly layers: readonly StoredLayer[], private readonly preprocessing: Preprocessing, private readonly session: (model: Uint8Array) => OnnxSession) {}

  adamStep(define: (ops: NativeOps) => NativeObjective, adam: NativeAdamParams, size: readonly [number, number]): NativeStep {
    const graph = new NativeGraph(this.layers, this.preprocessing, size);
    const objective = define(graph);
    const model = adamGraph(graph, objective, adam);
    const session = this.session(model);
    const { feeds } = graph;
    const dims = [1, size[0], size[1], 3];
    return {
      run(state: NativeAdamState): Float32Array {
        const t = state.steps + 1;
        const out = session.run({
          ...feeds,
          [PIXELS]: new Tensor('float32', state.pixels, dims),
          [M]: new Tensor('float32', state.m, dims),
          [V]: new Tensor('float32', state.v, dims),
          [CORRECTION1]: new Tensor('float32', new Float32Array([1 - power(adam.beta1, t)]), []),
          [CORRECTION2]: new Tensor('float32', new Float32Array([1 - power(adam.beta2, t)]), []),
        }, { [NEXT.pixels]: null, [NEXT.m]: null, [NEXT.v]: null, [NEXT.reported]: null }, {});
        state.pixels = dataOf(out[NEXT.pixels]!);
        state.m = dataOf(out[NEXT.m]!);
        state.v = dataOf(out[NEXT.v]!);
        state.steps = t;
        return dataOf(out[NEXT.reported]!);
      },
      dispose: () => session.dispose(),
    };
  }
}

/** The step's model: the objective, its gradient, and Adam's update of the pixels and moments. */
function adamGraph(graph: NativeGraph, objective: NativeObjective, adam: NativeAdamParams): Uint8Array {
  const grad = graph.gradient(objective.loss);
  const { g } = graph;
  g.phase = 'adam';
  const [h, w] = graph.size;
  const m = g.input(M, [1, h, w, 3]);
  const v = g.input(V, [1, h, w, 3]);
  const c1 = g.input(CORRECTION1, []);
  const c2 = g.input(CORRECTION2, []);
  const k = (name: string, value: number) => g.constant(`adam_${name}`, [], new Float32Array([value]));
  const mNext = g.op('Add', [g.op('Mul', [m, k('beta1', adam.beta1)]), g.op('Mul', [grad, k('one_minus_beta1', 1 - adam.beta1)])], {}, NEXT.m);
  const vNext = g.op('Add', [g.op('Mul', [v, k('beta2', adam.beta2)]), g.op('Mul', [g.op('Mul', [grad, grad]), k('one_minus_beta2', 1 - adam.beta2)])], {}, NEXT.v);
  const corrected = g.op('Div', [g.op('Div', [mNext, c1]), g.op('Add', [g.op('Sqrt', [g.op('Div', [vNext, c2])]), k('epsilon', adam.epsilon)])]);
  g.op('Add', [g.op('Mul', [corrected, k('minus_rate', -adam.learningRate)]), PIXELS], {}, NEXT.pixels);
  const one = g.constant('reported_shape', [1], new BigInt64Array([1n]));
  g.op('Concat', objective.reported.map((r) => g.op('Reshape', [graph.nameOf(r), one])), { axis: 0 }, NEXT.reported);
  for (const name of [NEXT.pixels, NEXT.m, NEXT.v, NEXT.reported]) g.output(name);
  return g.encode();
}

/** beta^t as tfjs's Adam accumulates it: in float32, one product a step. */
function power(beta: number, t: number): number {
  let a = Math.fround(beta);
  for (let i = 1; i < t; i++) a = Math.fround(a * Math.fround(beta));
  return a;
}

function dataOf(value: OnnxValue): Float32Array {
  return (value as Tensor).data as Float32Array;
}
