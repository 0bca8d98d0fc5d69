import { join } from 'node:path';
import type { Plan } from '../core/compile/plan';
import type { RunResult } from '../core/run/executor';
import type { RunInfo } from '../core/history/run-record';
import type { LossRecorder } from '../core/history/loss-recorder';
import { historyFolder, recordRun } from '../node/run-history';
import { runInfo } from '../core/history/run-info';

/** Whether and how many runs to keep (--no-history, --keep-history N). */
export interface HistoryArgs {
  readonly history: boolean;
  readonly keepHistory: number;
  readonly backend: string;
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
  const info = runInfo(plan, { ...run, backend: args.backend });
  const folder = historyFolder(graphPath);
  return recordRun(graphPath, { graph: plan.graph, info, losses: run.recorder.log(), image: run.result.image }, args.keepHistory).then(
    ({ id }) => join(folder, id),
    (error: Error) => void log(`stylegraph: warning: the run was not recorded in ${folder}: ${error.message}`),
  );
}
