import type { Graph } from '../graph/types';
import type { ParamValue } from '../nodes/types';
import { graphPaths } from '../graph/graph-paths';
import { parseRunInfo, type RunInfo } from '../history/run-record';
import { combinationAt, combinationParams, type SweepAxis } from './combinations';
import { runCount } from './run-count';
import { array, axes, number, object, paramValue, string } from './json-fields';

/**
 * plan.json: a sweep written out to run elsewhere, one index per worker (`sweep --emit DIR`). The
 * plan's folder holds everything a worker reads: the graph and its input files in `inputs/` under
 * content-addressed names (the sha256 of their bytes), so a copy of the folder is enough.
 */
export const PLAN_FORMAT = 'stylegraph-plan';
export const PLAN_VERSION = 1;

/** The files and folders of a plan's folder. */
export const PLAN_FILES = {
  plan: 'plan.json',
  inputs: 'inputs',
  runs: 'runs',
  logs: 'logs',
  commands: 'commands.txt',
  slurm: 'slurm.sbatch',
  kubernetes: 'indexed-job.yaml',
  readme: 'README.txt',
} as const;

/** One run of the plan: its index (from 0, in combination order) and its values. */
export interface PlanRun {
  readonly index: number;
  readonly params: Readonly<Record<string, ParamValue>>;
}

export interface PlanFile {
  readonly format: typeof PLAN_FORMAT;
  readonly version: number;
  /** The graph file, relative to the plan's folder: `inputs/<sha256>.stylegraph.json`. */
  readonly graph: string;
  /**
   * Each path the graph or a --vary value names as written (the key) and the content-addressed
   * name in `inputs/` it was copied to: `<sha256>.png` for a file, `<sha256>` for a folder.
   */
  readonly inputs: Readonly<Record<string, string>>;
  readonly vary: readonly SweepAxis[];
  readonly runs: readonly PlanRun[];
  /** The run options applied on every worker (null: the graph's own). */
  readonly size: readonly [number, number] | null;
  readonly iterations: number | null;
  readonly seed: number | null;
  readonly backend: string;
}

/** The runs of a plan of these axes: every combination in order. */
export function planRuns(vary: readonly SweepAxis[]): PlanRun[] {
  return Array.from({ length: runCount(vary) }, (_, index) => ({ index, params: combinationParams(vary, combinationAt(vary, index)) }));
}

/** plan.json's text: two-space JSON, one axis, input and run per line, final newline. */
export function writePlanFile(plan: PlanFile): string {
  const list = (lines: string[]) => (lines.length ? `[\n${lines.map((l) => `    ${l}`).join(',\n')}\n  ]` : '[]');
  const inputs = Object.entries(plan.inputs).map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  const fields = [
    `"format": ${JSON.stringify(plan.format)}`,
    `"version": ${plan.version}`,
    `"graph": ${JSON.stringify(plan.graph)}`,
    `"inputs": ${inputs.length ? `{\n${inputs.join(',\n')}\n  }` : '{}'}`,
    `"vary": ${list(plan.vary.map((a) => JSON.stringify({ keys: a.keys, values: a.values })))}`,
    `"runs": ${list(plan.runs.map((r) => JSON.stringify({ index: r.index, params: r.params })))}`,
    `"size": ${JSON.stringify(plan.size)}`,
    `"iterations": ${JSON.stringify(plan.iterations)}`,
    `"seed": ${JSON.stringify(plan.seed)}`,
    `"backend": ${JSON.stringify(plan.backend)}`,
  ];
  return `{\n${fields.map((f) => `  ${f}`).join(',\n')}\n}\n`;
}

/**
 * Reads plan.json's text; throws an Error naming the first thing wrong: not JSON, another format,
 * a version this one does not read, a field (by JSON path), runs that are not the axes' combinations
 * in order, a path that leaves the plan's folder.
 */
export function parsePlanFile(text: string): PlanFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new Error(`not JSON (${(e as Error).message})`);
  }
  const root = object(parsed, '$');
  if (root.format !== PLAN_FORMAT) throw new Error(`$.format is ${JSON.stringify(root.format)}, not "${PLAN_FORMAT}": not a stylegraph sweep plan`);
  if (root.version !== PLAN_VERSION) throw new Error(`$.version is ${JSON.stringify(root.version)}; this stylegraph reads plan version ${PLAN_VERSION}: emit the plan again with this version`);
  const graph = string(root.graph, '$.graph');
  if (!isInputName(graph.replace(/^inputs\//, '')) || !graph.startsWith('inputs/')) throw new Error(`$.graph must be inputs/<sha256>.stylegraph.json, not ${JSON.stringify(graph)}`);
  const inputs = Object.fromEntries(Object.entries(object(root.inputs, '$.inputs')).map(([k, v]) => {
    const name = string(v, `$.inputs[${JSON.stringify(k)}]`);
    if (!isInputName(name)) throw new Error(`$.inputs[${JSON.stringify(k)}] must be a content-addressed name (<sha256> and an extension), not ${JSON.stringify(name)}`);
    return [k, name];
  }));
  const vary = axes(root.vary, '$.vary');
  if (!vary.length) throw new Error('$.vary must name at least one axis');
  const runs = array(root.runs, '$.runs').map((r, i) => {
    const run = object(r, `$.runs[${i}]`);
    const params = object(run.params, `$.runs[${i}].params`);
    return { index: number(run.index, `$.runs[${i}].index`), params: Object.fromEntries(Object.entries(params).map(([k, v]) => [k, paramValue(v, `$.runs[${i}].params.${k}`)])) };
  });
  const expected = planRuns(vary);
  if (runs.length !== expected.length) throw new Error(`$.runs has ${runs.length} runs, but the axes of $.vary make ${expected.length}`);
  runs.forEach((run, i) => {
    if (JSON.stringify(run) !== JSON.stringify(expected[i])) throw new Error(`$.runs[${i}] is not combination ${i} of $.vary (${JSON.stringify(expected[i])})`);
  });
  const size = root.size === null ? null : array(root.size, '$.size').map((v, i) => number(v, `$.size[${i}]`));
  if (size && size.length !== 2) throw new Error('$.size must be [height, width] or null');
  const orNull = (v: unknown, path: string) => (v === null ? null : number(v, path));
  return {
    format: PLAN_FORMAT,
    version: PLAN_VERSION,
    graph,
    inputs,
    vary,
    runs,
    size: size as [number, number] | null,
    iterations: orNull(root.iterations, '$.iterations'),
    seed: orNull(root.seed, '$.seed'),
    backend: string(root.backend, '$.backend'),
  };
}

/** A content-addressed name in `inputs/`: 64 hex digits, then an extension or nothing (a folder). */
export function isInputName(name: string): boolean {
  return /^[0-9a-f]{64}(\.[a-z0-9]+(\.[a-z0-9]+)?)?$/.test(name);
}

/** The sha256 a content-addressed name carries. */
export function inputHash(name: string): string {
  return name.slice(0, 64);
}

/** The folder (relative to the plan's) where run `index` is written whole. */
export function runFolder(index: number): string {
  return `${PLAN_FILES.runs}/${index}`;
}

/** Where a worker writes the error run `index` ended with (removed when it finishes), relative to the plan's folder. */
export function failedRunFile(index: number): string {
  return `${PLAN_FILES.runs}/${index}.failed.txt`;
}

/** The environment variables a worker's index is read from, the first set one winning. */
export const INDEX_VARIABLES = ['SLURM_ARRAY_TASK_ID', 'JOB_COMPLETION_INDEX', 'AWS_BATCH_JOB_ARRAY_INDEX', 'STYLEGRAPH_INDEX'] as const;

/** Where a worker's index comes from: `--index`, else the first of INDEX_VARIABLES set in `env`; undefined when none is. */
export function indexSource(flag: string | undefined, env: Readonly<Record<string, string | undefined>>): { readonly text: string; readonly from: string } | undefined {
  if (flag !== undefined) return { text: flag, from: '--index' };
  const name = INDEX_VARIABLES.find((v) => env[v] !== undefined && env[v] !== '');
  return name && { text: env[name]!, from: `$${name}` };
}

/** The index that `text` names among a plan's `runs`; throws an Error naming `from` and the range. */
export function parseIndex(text: string, from: string, runs: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n)) throw new Error(`${from} must be a whole number in 0..${runs - 1}, not ${JSON.stringify(text)}`);
  if (n >= runs) throw new Error(`${from} is ${n}, outside the plan's ${runs} runs (0..${runs - 1})`);
  return n;
}

/**
 * The graph with each input path that `inputs` maps (a path as the graph or a --vary value writes
 * it) replaced by its content-addressed name: how a plan's graph reads its copies in `inputs/`.
 */
export function withPlanInputs(graph: Graph, inputs: Readonly<Record<string, string>>): Graph {
  const byNode = new Map(graphPaths(graph).filter((p) => p.use === 'input' && Object.hasOwn(inputs, p.path)).map((p) => [p.nodeId, p]));
  return {
    ...graph,
    nodes: graph.nodes.map((node) => {
      const p = byNode.get(node.id);
      return p ? { ...node, params: { ...node.params, [p.param]: inputs[p.path]! } } : node;
    }),
  };
}

/** A plan's runs/K/run.json: the run-history record's run.json plus the run's index and values. */
export type PlanRunInfo = RunInfo & PlanRun;

export function writePlanRunInfo(info: RunInfo, run: PlanRun): string {
  return `${JSON.stringify({ ...info, index: run.index, params: run.params }, null, 2)}\n`;
}

/** Reads runs/K/run.json; throws an Error naming what is wrong, including an index or values that are not `run`'s. */
export function parsePlanRunInfo(text: string, run: PlanRun): PlanRunInfo {
  const info = parseRunInfo(text) as PlanRunInfo;
  if (info.index !== run.index) throw new Error(`run.json: index is ${JSON.stringify(info.index)}, not ${run.index}`);
  if (JSON.stringify(info.params) !== JSON.stringify(run.params)) throw new Error(`run.json: params are not run ${run.index}'s (${JSON.stringify(run.params)})`);
  if (info.status !== 'done' || typeof info.loss !== 'number') throw new Error('run.json: the run did not finish');
  return info;
}
