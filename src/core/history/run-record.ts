import type { ParamValue } from '../nodes/types';

/**
 * One recorded run, as `.stylegraph/runs/<graph name>/<id>/` holds it beside the graph: the graph
 * as it ran (canonical text, overrides applied), run.json (RunInfo), losses.json (LossLog) and the
 * image. Ids are UTC timestamps, so sorting them sorts the runs by start.
 */
export const HISTORY_FOLDER = '.stylegraph/runs';
export const RECORD_FILES = { graph: 'graph.json', info: 'run.json', losses: 'losses.json', image: 'image.png' } as const;

export const RUN_FORMAT = 'stylegraph-run';
export const RUN_VERSION = 1;

/** run.json. */
export interface RunInfo {
  readonly format: typeof RUN_FORMAT;
  readonly version: number;
  /** The graph file's name (no folder). */
  readonly graph: string;
  /** When the run started, ISO 8601 UTC. */
  readonly started: string;
  /** cancelled: stopped before its last iteration (the CLI records finished runs only). */
  readonly status: 'done' | 'cancelled';
  readonly backend: string;
  /** Height and width of the generated image. */
  readonly size: readonly [number, number];
  /** The generated image's seed. */
  readonly seed: number;
  /** Iterations completed. */
  readonly iterations: number;
  readonly seconds: number;
  /** The optimizer's final loss; null when no iteration completed. */
  readonly loss: number | null;
  /** Every reported scalar node's final value, by node id. */
  readonly losses: Readonly<Record<string, number>>;
  /** Set when the run was one of a sweep: its folder (absolute), its number from 1, and its values. */
  readonly sweep?: { readonly folder: string; readonly run: number; readonly params: Readonly<Record<string, ParamValue>> };
}

/** losses.json: one row per iteration, [iteration, ms since the loop started, then each node's loss in `nodes` order]. */
export interface LossLog {
  /** Reported scalar node ids; `loss` names the optimizer's. */
  readonly loss: string;
  readonly nodes: readonly string[];
  readonly rows: readonly (readonly number[])[];
}

/** A record's id for a run started at `date`; `taken` says whether an id is in use (two runs in one millisecond). */
export function recordId(date: Date, taken: (id: string) => boolean): string {
  const base = date.toISOString().replace(/:/g, '-').replace('.', '-');
  let id = base;
  for (let n = 2; taken(id); n++) id = `${base}-${n}`;
  return id;
}

export function isRecordId(name: string): boolean {
  return /^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z(-\d+)?$/.test(name);
}

/** Record ids oldest first (their timestamps, then their counters). */
export function sortRecordIds(ids: readonly string[]): string[] {
  const counter = (id: string) => Number(/Z-(\d+)$/.exec(id)?.[1] ?? 1);
  return [...ids].sort((a, b) => (a.slice(0, 24) < b.slice(0, 24) ? -1 : a.slice(0, 24) > b.slice(0, 24) ? 1 : counter(a) - counter(b)));
}

export function writeRunInfo(info: RunInfo): string {
  return `${JSON.stringify(info, null, 2)}\n`;
}

/** losses.json's text, one row per line. */
export function writeLossLog(log: LossLog): string {
  const rows = log.rows.map((r) => `    ${JSON.stringify(r)}`).join(',\n');
  return `{\n  "loss": ${JSON.stringify(log.loss)},\n  "nodes": ${JSON.stringify(log.nodes)},\n  "rows": [${rows ? `\n${rows}\n  ` : ''}]\n}\n`;
}

/** Reads run.json; throws an Error naming the first field that is wrong. */
export function parseRunInfo(text: string): RunInfo {
  const o = object(JSON.parse(text) as unknown, 'run.json');
  if (o.format !== RUN_FORMAT) throw new Error(`run.json: format must be "${RUN_FORMAT}"`);
  if (typeof o.version !== 'number' || o.version > RUN_VERSION) throw new Error(`run.json: version ${String(o.version)} is not one this version reads (${RUN_VERSION})`);
  for (const key of ['graph', 'started', 'backend'] as const) if (typeof o[key] !== 'string') throw new Error(`run.json: ${key} must be a string`);
  if (o.status !== 'done' && o.status !== 'cancelled') throw new Error('run.json: status must be "done" or "cancelled"');
  for (const key of ['seed', 'iterations', 'seconds'] as const) if (typeof o[key] !== 'number') throw new Error(`run.json: ${key} must be a number`);
  if (!Array.isArray(o.size) || o.size.length !== 2 || !o.size.every((n) => typeof n === 'number')) throw new Error('run.json: size must be [height, width]');
  if (o.loss !== null && typeof o.loss !== 'number') throw new Error('run.json: loss must be a number or null');
  if (!Object.values(object(o.losses, 'run.json: losses')).every((v) => typeof v === 'number')) throw new Error('run.json: losses must map node ids to numbers');
  if (o.sweep !== undefined) object(o.sweep, 'run.json: sweep');
  return o as unknown as RunInfo;
}

/** Reads losses.json; throws an Error when it does not have the shape writeLossLog writes. */
export function parseLossLog(text: string): LossLog {
  const o = object(JSON.parse(text) as unknown, 'losses.json');
  const nodes = o.nodes;
  if (typeof o.loss !== 'string' || !Array.isArray(nodes) || !nodes.every((n) => typeof n === 'string')) throw new Error('losses.json: loss and nodes must name node ids');
  const rows = o.rows;
  if (!Array.isArray(rows) || !rows.every((r) => Array.isArray(r) && r.length === nodes.length + 2 && r.every((v) => typeof v === 'number'))) {
    throw new Error(`losses.json: rows must be [iteration, ms, ${nodes.length} losses]`);
  }
  return { loss: o.loss, nodes: nodes as string[], rows: rows as number[][] };
}

/** One node's loss per iteration, as [iteration, value] pairs (for a chart). */
export function lossSeries(log: LossLog, nodeId: string): [number, number][] {
  const column = log.nodes.indexOf(nodeId);
  if (column < 0) return [];
  return log.rows.map((r) => [r[0]!, r[column + 2]!]);
}

function object(v: unknown, what: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error(`${what} must be an object`);
  return v as Record<string, unknown>;
}
