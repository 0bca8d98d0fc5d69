import type { LossLog } from './run-record';

/** Collects a run's losses, a row per iteration, for its record (losses.json). */
export class LossRecorder {
  private readonly rows: number[][] = [];

  /** `loss`: the optimizer's node; `nodes`: every reported scalar node, in the order of the columns. */
  constructor(private readonly loss: string, private readonly nodes: readonly string[]) {}

  /** One iteration's progress: its number, milliseconds since the loop started, the losses by node id. */
  add(e: { readonly iteration: number; readonly ms: number; readonly losses: Readonly<Record<string, number>> }): void {
    this.rows.push([e.iteration, Math.round(e.ms), ...this.nodes.map((id) => e.losses[id] ?? NaN)]);
  }

  log(): LossLog {
    return { loss: this.loss, nodes: this.nodes, rows: this.rows };
  }

  /** The last iteration's losses by node id (none before the first). */
  final(): Record<string, number> {
    const last = this.rows.at(-1);
    return last ? Object.fromEntries(this.nodes.map((id, j) => [id, last[j + 2]!])) : {};
  }
}
