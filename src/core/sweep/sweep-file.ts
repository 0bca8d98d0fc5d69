import type { ParamValue } from '../nodes/types';
import type { SweepAxis } from './combinations';
import { array, axes, number, object, paramValue, string } from './json-fields';

/** One finished run of a sweep. */
export interface SweepRun {
  /** Every varied key's value, keyed "node.param". */
  readonly params: Readonly<Record<string, ParamValue>>;
  /** The run's image, a file name in the sweep folder. */
  readonly image: string;
  /** The optimizer's final loss. */
  readonly loss: number;
  /** Every reported scalar node's final value, by node id. */
  readonly losses: Readonly<Record<string, number>>;
  readonly seconds: number;
}

/** What sweep.json holds: the graph (relative to the sweep folder), the axes, and the runs finished so far. */
export interface SweepFile {
  readonly graph: string;
  readonly vary: readonly SweepAxis[];
  readonly runs: readonly SweepRun[];
}

/** sweep.json's text: two-space JSON, one run per line, final newline. */
export function writeSweepFile(sweep: SweepFile): string {
  const runs = sweep.runs.map((r) => `    ${JSON.stringify({ params: r.params, image: r.image, loss: r.loss, losses: r.losses, seconds: r.seconds })}`);
  const vary = sweep.vary.map((a) => `    ${JSON.stringify({ keys: a.keys, values: a.values })}`);
  const list = (lines: string[]) => (lines.length ? `[\n${lines.join(',\n')}\n  ]` : '[]');
  return `{\n  "graph": ${JSON.stringify(sweep.graph)},\n  "vary": ${list(vary)},\n  "runs": ${list(runs)}\n}\n`;
}

/** Reads sweep.json's text; throws an Error naming the first thing wrong (a JSON path). */
export function parseSweepFile(text: string): SweepFile {
  const root = object(JSON.parse(text) as unknown, '$');
  const graph = string(root.graph, '$.graph');
  const vary = axes(root.vary, '$.vary');
  const runs = array(root.runs, '$.runs').map((r, i) => {
    const run = object(r, `$.runs[${i}]`);
    const where = `$.runs[${i}]`;
    return {
      params: Object.fromEntries(Object.entries(object(run.params, `${where}.params`)).map(([k, v]) => [k, paramValue(v, `${where}.params.${k}`)])),
      image: string(run.image, `${where}.image`),
      loss: number(run.loss, `${where}.loss`),
      losses: Object.fromEntries(Object.entries(object(run.losses, `${where}.losses`)).map(([k, v]) => [k, number(v, `${where}.losses.${k}`)])),
      seconds: number(run.seconds, `${where}.seconds`),
    };
  });
  return { graph, vary, runs };
}

/** The files a sweep writes into its folder besides the run images. */
export const SWEEP_FILES = { sweep: 'sweep.json', gallery: 'index.html', sheet: 'grid.png' } as const;

/** Run k's image (from 1) of n: run-1.png .. run-n.png, zero-padded so they sort in run order. */
export function runImageName(k: number, n: number): string {
  return `run-${String(k).padStart(String(n).length, '0')}.png`;
}

/** True for a name runImageName gives: the only images a new sweep removes from an earlier one's folder. */
export function isRunImageName(name: string): boolean {
  return /^run-\d+\.png$/.test(name);
}

/** True for the name of a file a sweep writes into its folder: sweep.json, index.html, grid.png, run-N.png. */
export function isSweepFileName(name: string): boolean {
  return (Object.values(SWEEP_FILES) as string[]).includes(name) || isRunImageName(name);
}

/**
 * True when `text`, which does not parse as a sweep file, can be what a crash left of one: nothing
 * (empty, blank or zero bytes) or the start of what writeSweepFile writes, cut short.
 */
export function isCutShortSweepFile(text: string): boolean {
  const start = '{\n  "graph": ';
  return /^[\s\0]*$/.test(text) || start.startsWith(text) || text.startsWith(start);
}
