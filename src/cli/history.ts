import { join } from 'node:path';
import type { Plan } from '../core/compile/plan';
import type { ProgressEvent, RunResult } from '../core/run/executor';
import type { LossLog, RunInfo } from '../core/history/run-record';
import { historyFolder, recordRun, type NewRecord } from '../node/run-history';

/** Whether and how many runs to keep (--no-history, --keep-history N). */
export interface HistoryArgs {
  readonly history: boolean;
  readonly keepHistory: number;
  readonly backend: string;
}

/** Collects one run's losses, a row per iteration, for its record. */
export class LossRecorder {
  private readonly rows: number[][] = [];

  constructor(private readonly plan: Plan) {}

  add(e: ProgressEvent): void {
    this.rows.push([e.iteration, Math.round(e.ms), ...this.plan.reported.map((id) => e.losses[id] ?? NaN)]);
  }

  log(): LossLog {
    return { loss: this.plan.loss.id, nodes: this.plan.reported, rows: this.rows };
  }

  /** The last iteration's losses by node id. */
  final(): Record<string, number> {
    const last = this.rows.at(-1);
    return last ? Object.fromEntries(this.plan.reported.map((id, j) => [id, last[j + 2]!])) : {};
  }
}

/**
 * Records a finished run in the graph's history (unless --no-history) and returns the record's
 * folder. A failure to record does not fail the run, whose image is written already: it is logged.
 */
export async function recordCliRun(
  graphPath: string,
  plan: Plan,
  args: HistoryArgs,
  run: { readonly started: Date; readonly result: RunResult; readonly recorder: LossRecorder; readonly sweep?: RunInfo['sweep'] },
  log: (line: string) => void,
): Promise<string | undefined> {
  if (!args.history) return undefined;
  const { result, recorder } = run;
  const losses = recorder.final();
  const info: NewRecord['info'] = {
    started: run.started.toISOString(),
    status: result.status,
    backend: args.backend,
    size: [result.image.height, result.image.width],
    seed: plan.generated.node.params.seed as number,
    iterations: result.iterations,
    seconds: result.seconds,
    loss: losses[plan.loss.id] ?? null,
    losses,
    ...(run.sweep && { sweep: run.sweep }),
  };
  const folder = historyFolder(graphPath);
  return recordRun(graphPath, { graph: plan.graph, info, losses: recorder.log(), image: result.image }, args.keepHistory).then(
    ({ id }) => join(folder, id),
    (error: Error) => void log(`stylegraph: warning: the run was not recorded in ${folder}: ${error.message}`),
  );
}
