import { join } from 'node:path';
import type { Plan } from '../core/compile/plan';
import type { RunResult } from '../core/run/executor';
import type { RunInfo } from '../core/history/run-record';
import type { LossRecorder } from '../core/history/loss-recorder';
import { historyFolder, stageRecord, type StagedRecord } from '../node/run-history';
import { runInfo } from '../core/history/run-info';

/** Whether and how many runs to keep (--no-history, --keep-history N). */
export interface HistoryArgs {
  readonly history: boolean;
  readonly keepHistory: number;
  readonly backend: string;
}

/** A finished run, as the history records it. */
export interface FinishedCliRun {
  readonly started: Date;
  readonly result: RunResult;
  readonly recorder: LossRecorder;
  readonly sweep?: RunInfo['sweep'];
}

/**
 * Records a finished run in the graph's history (unless --no-history) and returns the record's
 * folder. A failure to record does not fail the run, whose image is written already: it is logged.
 */
export async function recordCliRun(graphPath: string, plan: Plan, args: HistoryArgs, run: FinishedCliRun, log: (line: string) => void): Promise<string | undefined> {
  return commitCliRecord(await stageCliRecord(graphPath, plan, args, run, log), graphPath, log);
}

/**
 * The record of a finished run written under a temporary name (see stageRecord), to be committed
 * once the run's own outputs are; undefined with --no-history, or when it cannot be written (logged).
 */
export async function stageCliRecord(graphPath: string, plan: Plan, args: HistoryArgs, run: FinishedCliRun, log: (line: string) => void): Promise<StagedRecord | undefined> {
  if (!args.history) return undefined;
  const info = runInfo(plan, { ...run, backend: args.backend });
  return stageRecord(graphPath, { graph: plan.graph, info, losses: run.recorder.log(), image: run.result.image }, args.keepHistory).catch(
    (error: Error) => void log(notRecorded(graphPath, error)),
  );
}

/** Puts a staged record in place; returns its folder, or undefined (logged) when that fails. */
export async function commitCliRecord(record: StagedRecord | undefined, graphPath: string, log: (line: string) => void): Promise<string | undefined> {
  return record?.commit().then(
    ({ id }) => join(historyFolder(graphPath), id),
    (error: Error) => void log(notRecorded(graphPath, error)),
  );
}

function notRecorded(graphPath: string, error: Error): string {
  return `stylegraph: warning: the run was not recorded in ${historyFolder(graphPath)}: ${error.message}`;
}
