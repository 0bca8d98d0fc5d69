import * as tf from '@tensorflow/tfjs-core';
import type { Plan } from '../compile/plan';
import { NodeRunError } from '../nodes/types';

/** One iteration's losses as read back. */
export interface LossRow {
  readonly iteration: number;
  /** The optimizer's loss. */
  readonly loss: number;
  /** Every reported scalar node's value, by node id. */
  readonly losses: Readonly<Record<string, number>>;
  /** Milliseconds since `since`, when the row was read back. */
  readonly ms: number;
}

/**
 * Holds each step's reported losses on the device and reads them back in one go (RunOptions.lossEvery),
 * so the loop need not wait on the device every step.
 */
export class LossReadback {
  private readonly pending: tf.Tensor1D[] = [];

  constructor(private readonly plan: Plan, private readonly every: number, private readonly since: number) {}

  /** Holds one step's reported scalars (plan.reported's order); the readback owns them. */
  push(reported: tf.Tensor1D): void {
    this.pending.push(reported);
  }

  /** Whether enough steps are held to read them back. */
  get due(): boolean {
    return this.pending.length >= this.every;
  }

  /**
   * Reads the held steps' losses back, the last of them being iteration `last`, and hands each row
   * to `each` in order; a loss that is not finite stops it with a NodeRunError naming its node.
   */
  async read(last: number, each: (row: LossRow) => void): Promise<void> {
    if (!this.pending.length) return;
    const stacked = tf.stack(this.pending);
    const rows = await stacked.array() as number[][];
    tf.dispose([stacked, ...this.pending.splice(0)]);
    const ms = performance.now() - this.since;
    const { reported, loss } = this.plan;
    rows.forEach((row, i) => {
      const iteration = last - rows.length + i + 1;
      const bad = row.findIndex((v) => !Number.isFinite(v));
      if (bad >= 0) throw new NodeRunError(reported[bad]!, `the loss became ${row[bad]} at iteration ${iteration}; the run stopped (nothing written)`);
      const losses = Object.fromEntries(reported.map((id, j) => [id, row[j]!]));
      each({ iteration, loss: losses[loss.id]!, losses, ms });
    });
  }

  dispose(): void {
    tf.dispose(this.pending.splice(0));
  }
}
