import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Graph } from '../core/graph/types';
import { writeCanonical } from '../core/graph/canonical';
import { graphName } from '../core/graph/graph-name';
import type { RawImage } from '../core/image/raw-image';
import {
  HISTORY_FOLDER, RECORD_FILES, RUN_FORMAT, RUN_VERSION, isRecordId, parseLossLog, parseRunInfo, recordId, sortRecordIds, writeLossLog, writeRunInfo,
  type LossLog, type RunInfo,
} from '../core/history/run-record';
import { temporaryName } from './temp-names';
import { encodePng } from './image-file';
import { removeStaleTemporaries } from './stale-temporaries';

/** How many runs of a graph are kept when no cap is given. */
export const DEFAULT_HISTORY_CAP = 50;

/** `.stylegraph/runs/<graph name>/` beside the graph file. */
export function historyFolder(graphPath: string): string {
  return join(dirname(graphPath), HISTORY_FOLDER, graphName(basename(graphPath)));
}

/** What a run hands over to be recorded; format, version and graph file name are filled in. */
export interface NewRecord {
  /** The graph as it ran (overrides and sweep values applied). */
  readonly graph: Graph;
  readonly info: Omit<RunInfo, 'format' | 'version' | 'graph'>;
  readonly losses: LossLog;
  readonly image: RawImage;
}

/** A record as listed: its id (a timestamp), folder, run.json and the absolute path of its image. */
export interface RunSummary {
  readonly id: string;
  readonly folder: string;
  readonly info: RunInfo;
  readonly image: string;
}

export interface RunRecord extends RunSummary {
  /** The graph as it ran, canonical text. */
  readonly graphText: string;
  readonly losses: LossLog;
}

/**
 * Records a run of the graph at `graphPath`: the record is written under a temporary name and
 * renamed into place whole, then the oldest records beyond `cap` are removed. Returns the new
 * record's id and the ids removed.
 */
export async function recordRun(graphPath: string, record: NewRecord, cap = DEFAULT_HISTORY_CAP): Promise<{ id: string; pruned: string[] }> {
  return (await stageRecord(graphPath, record, cap)).commit();
}

/** A record written under a temporary name: `commit` renames it into place (and prunes), `discard` removes it. */
export interface StagedRecord {
  commit(): Promise<{ id: string; pruned: string[] }>;
  discard(): Promise<void>;
}

/** The first half of recordRun: writes the record whole under a temporary name, so that it can go into place together with the run's other outputs. */
export async function stageRecord(graphPath: string, record: NewRecord, cap = DEFAULT_HISTORY_CAP): Promise<StagedRecord> {
  checkCap(cap);
  const folder = historyFolder(graphPath);
  await mkdir(folder, { recursive: true });
  await removeStaleTemporaries(folder);
  const temp = temporaryName(join(folder, 'record'));
  const discard = () => rm(temp, { recursive: true, force: true });
  const info: RunInfo = { format: RUN_FORMAT, version: RUN_VERSION, graph: basename(graphPath), ...record.info };
  try {
    await mkdir(temp);
    await writeFile(join(temp, RECORD_FILES.graph), writeCanonical(record.graph));
    await writeFile(join(temp, RECORD_FILES.info), writeRunInfo(info));
    await writeFile(join(temp, RECORD_FILES.losses), writeLossLog(record.losses));
    await writeFile(join(temp, RECORD_FILES.image), encodePng(record.image));
  } catch (e) {
    await discard();
    throw e;
  }
  return {
    discard,
    commit: async () => {
      try {
        const taken = new Set(await readdir(folder));
        const id = recordId(new Date(info.started), (name) => taken.has(name));
        await rename(temp, join(folder, id));
        return { id, pruned: await pruneRuns(graphPath, cap) };
      } catch (e) {
        await discard();
        throw e;
      }
    },
  };
}

/** The ids of the graph's records, oldest first (none when it has no history). */
export async function recordIds(graphPath: string): Promise<string[]> {
  const names = await readdir(historyFolder(graphPath)).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return [] as string[];
    throw e;
  });
  return sortRecordIds(names.filter(isRecordId));
}

/** The graph's records, newest first; a record whose run.json cannot be read is left out. */
export async function listRuns(graphPath: string): Promise<RunSummary[]> {
  const summaries: RunSummary[] = [];
  for (const id of (await recordIds(graphPath)).reverse()) {
    const summary = await readSummary(graphPath, id).catch(() => undefined);
    if (summary) summaries.push(summary);
  }
  return summaries;
}

/** One record whole; throws an Error naming the record's file that is missing or wrong. */
export async function readRun(graphPath: string, id: string): Promise<RunRecord> {
  const summary = await readSummary(graphPath, id);
  const read = (name: string) => readFile(join(summary.folder, name), 'utf8').catch((e: Error) => {
    throw new Error(`run ${id}: cannot read ${name}: ${e.message}`);
  });
  const graphText = await read(RECORD_FILES.graph);
  const losses = parseLossLog(await read(RECORD_FILES.losses));
  return { ...summary, graphText, losses };
}

/** Removes the oldest records beyond `cap`; returns the ids removed. */
export async function pruneRuns(graphPath: string, cap: number): Promise<string[]> {
  checkCap(cap);
  const ids = await recordIds(graphPath);
  const removed = ids.slice(0, Math.max(0, ids.length - cap));
  for (const id of removed) await rm(join(historyFolder(graphPath), id), { recursive: true, force: true });
  return removed;
}

async function readSummary(graphPath: string, id: string): Promise<RunSummary> {
  if (!isRecordId(id)) throw new Error(`${JSON.stringify(id)} is not a run record id`);
  const folder = join(historyFolder(graphPath), id);
  const text = await readFile(join(folder, RECORD_FILES.info), 'utf8').catch((e: Error) => {
    throw new Error(`run ${id}: cannot read ${RECORD_FILES.info}: ${e.message}`);
  });
  let info: RunInfo;
  try {
    info = parseRunInfo(text);
  } catch (e) {
    throw new Error(`run ${id}: ${(e as Error).message}`);
  }
  return { id, folder, info, image: join(folder, RECORD_FILES.image) };
}

function checkCap(cap: number): void {
  if (!Number.isSafeInteger(cap) || cap < 1) throw new Error(`the history cap must be a whole number of at least 1, not ${cap}`);
}
