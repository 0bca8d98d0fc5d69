import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CLI_BACKENDS, type CliBackend } from '../node/backend';
import { DEFAULT_HISTORY_CAP } from '../node/run-history';
import { overrideRange } from '../core/graph/overrides';
import { quote } from '../core/text/quote';
import { checkDistinctKeys, parseVary, type VaryFlag } from '../core/sweep/vary';
import { checkRunCount, DEFAULT_MAX_RUNS, MAX_RUNS_LIMIT } from '../core/sweep/run-count';

/** The runs an emitted plan's engines run at once unless --parallel says otherwise. */
export const DEFAULT_PARALLEL = 8;

export const USAGE = `Usage:
  stylegraph run GRAPH [--weights FILE] [--out PNG] [--size HxW] [--iterations N]
                       [--backend auto|onnx|wasm|cpu|webgpu] [--seed N] [--json]
                       [--no-history] [--keep-history N] [--frames A..B]
  stylegraph sweep GRAPH --vary KEYS=VALUES [--vary ...] [--out-dir DIR] [--max-runs N] [--weights FILE]
                       [--size HxW] [--iterations N] [--backend auto|onnx|wasm|cpu|webgpu] [--seed N] [--json]
                       [--no-history] [--keep-history N]
  stylegraph sweep GRAPH --vary KEYS=VALUES [--vary ...] --emit DIR [--parallel P] [--max-runs N]
                       [--size HxW] [--iterations N] [--backend B] [--seed N]
  stylegraph sweep --plan PLAN [--index K] [--force] [--weights FILE] [--json]
  stylegraph sweep --collect DIR [--json]
  stylegraph validate GRAPH...
  stylegraph cache list
  stylegraph cache prune [--keep N]

run       optimises the graph's generated image and writes it as PNG (default: GRAPH's name + .png)
sweep     runs the graph once per combination of the --vary values (KEYS: node.param, or several
          joined by commas that take the same value; VALUES: comma-separated; several --vary: every
          combination) and writes the images, sweep.json, index.html and grid.png into DIR
          (default: GRAPH's name + .sweep beside the graph); more than --max-runs runs (default
          ${DEFAULT_MAX_RUNS}) are refused. --emit DIR writes the sweep as a plan for GNU parallel,
          Slurm or Kubernetes instead (plan.json, inputs/, commands.txt, slurm.sbatch,
          indexed-job.yaml; --parallel P runs at once, default ${DEFAULT_PARALLEL}); --plan runs one index of it
          (--index K, else $SLURM_ARRAY_TASK_ID, $JOB_COMPLETION_INDEX, $AWS_BATCH_JOB_ARRAY_INDEX or
          $STYLEGRAPH_INDEX) into DIR/runs/K/, skipping a finished one unless --force; --collect
          writes sweep.json, index.html and grid.png from the finished runs (exit 3: some missing)
validate  lists every problem of each graph file; exits 1 if any
cache     list: the converted weights in the cache (key, last used, size, source file);
          prune: removes all but the N most recently used (default 0: all; runs keep 3)

A graph with video.frames runs once per frame and writes one image a frame (an image.output
path with %04d or {frame}; --out likewise, else -0001 before .png); --frames A..B runs frames A to B
only (from 1; A.. to the end), the frame before A resuming from its image where it is there.

Each run is recorded in .stylegraph/runs/<graph name>/ beside the graph (--no-history: not
recorded); the oldest records beyond --keep-history (default ${DEFAULT_HISTORY_CAP}) are removed.

Weights: --weights FILE (Keras .h5, MatConvNet imagenet-vgg-verydeep-19.mat or TensorFlow.js
model.json), else $STYLEGRAPH_WEIGHTS, else the VGG-19 weights downloaded once into the cache
($STYLEGRAPH_CACHE, default ~/.cache/stylegraph; $STYLEGRAPH_WEIGHTS_URL names a mirror).`;

export class UsageError extends Error {}

/** A sweep plan that cannot be used (unreadable, another format or version, an index outside it, inputs changed): exit 2, without the usage text. */
export class PlanError extends Error {}

/** What run and sweep share. */
interface RunOptionArgs {
  readonly graph: string;
  readonly weights?: string;
  readonly size?: readonly [number, number];
  readonly iterations?: number;
  readonly backend: CliBackend;
  readonly seed?: number;
  readonly json: boolean;
  /** Record each run in the graph's history. */
  readonly history: boolean;
  /** Records kept per graph. */
  readonly keepHistory: number;
}

export interface RunArgs extends RunOptionArgs {
  readonly command: 'run';
  readonly out?: string;
  /** --frames A..B: the frames of a frame run to run (from 1, both included). */
  readonly frames?: { readonly from: number; readonly to: number };
}

export interface SweepArgs extends RunOptionArgs {
  readonly command: 'sweep';
  readonly vary: readonly VaryFlag[];
  readonly outDir?: string;
  /** --emit DIR: write a plan there instead of running. */
  readonly emit?: string;
  /** --parallel P: the runs the emitted engines' files run at once. */
  readonly parallel: number;
}

/** `sweep --plan PLAN`: one index of an emitted plan. */
export interface SweepPlanArgs {
  readonly command: 'sweep-plan';
  readonly plan: string;
  readonly index?: string;
  readonly force: boolean;
  readonly weights?: string;
  readonly json: boolean;
}

/** `sweep --collect DIR`: an emitted plan's finished runs as a sweep's files. */
export interface SweepCollectArgs {
  readonly command: 'sweep-collect';
  readonly dir: string;
  readonly json: boolean;
}

export type CacheArgs = { readonly command: 'cache'; readonly action: 'list' } | { readonly command: 'cache'; readonly action: 'prune'; readonly keep: number };

export type CliArgs = RunArgs | SweepArgs | SweepPlanArgs | SweepCollectArgs | CacheArgs | { readonly command: 'validate'; readonly graphs: readonly string[] } | { readonly command: 'help' };

const RUN_OPTIONS = {
  weights: { type: 'string' },
  size: { type: 'string' },
  iterations: { type: 'string' },
  backend: { type: 'string', default: 'auto' },
  seed: { type: 'string' },
  json: { type: 'boolean', default: false },
  'no-history': { type: 'boolean', default: false },
  'keep-history': { type: 'string' },
} as const;

export function parseCliArgs(argv: readonly string[]): CliArgs {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') return { command: 'help' };
  if (command === 'validate') {
    const { positionals } = parse(rest, {});
    if (!positionals.length) throw new UsageError('validate needs at least one graph file');
    return { command, graphs: positionals };
  }
  if (command === 'run') {
    const { values, positionals } = parse(rest, { ...RUN_OPTIONS, out: { type: 'string' }, frames: { type: 'string' } });
    return { command, ...runOptions(command, values, positionals), out: values.out, ...(values.frames !== undefined && { frames: parseFrameRange(values.frames) }) };
  }
  if (command === 'sweep') return parseSweepArgs(rest);
  if (command === 'cache') return parseCacheArgs(rest);
  throw new UsageError(`unknown command "${command}"`);
}

const SWEEP_OPTIONS = {
  ...RUN_OPTIONS,
  vary: { type: 'string', multiple: true },
  'out-dir': { type: 'string' },
  'max-runs': { type: 'string' },
  emit: { type: 'string' },
  parallel: { type: 'string' },
  plan: { type: 'string' },
  index: { type: 'string' },
  force: { type: 'boolean', default: false },
  collect: { type: 'string' },
} as const;

function parseSweepArgs(rest: readonly string[]): SweepArgs | SweepPlanArgs | SweepCollectArgs {
  const { values, positionals } = parse(rest, SWEEP_OPTIONS);
  /** Refuses the flags given that `mode` does not take. */
  const only = (mode: string, allowed: readonly string[]) => {
    const given = Object.keys(values).filter((k) => values[k as keyof typeof values] !== undefined && values[k as keyof typeof values] !== false && !(k === 'backend' && values.backend === 'auto'));
    const extra = given.find((k) => !allowed.includes(k));
    if (extra) throw new UsageError(`--${extra} does not go with ${mode}`);
  };
  if (values.plan !== undefined) {
    only('--plan', ['plan', 'index', 'force', 'weights', 'json']);
    if (positionals.length) throw new UsageError(`sweep --plan takes no graph file (the plan names its own), not ${quote(positionals[0]!)}`);
    return { command: 'sweep-plan', plan: values.plan, index: values.index, force: values.force, weights: values.weights, json: values.json };
  }
  if (values.collect !== undefined) {
    only('--collect', ['collect', 'json']);
    if (positionals.length) throw new UsageError(`sweep --collect takes no graph file, not ${quote(positionals[0]!)}`);
    return { command: 'sweep-collect', dir: values.collect, json: values.json };
  }
  for (const flag of ['index', 'force'] as const) if (values[flag]) throw new UsageError(`--${flag} goes with --plan`);
  if (values.emit !== undefined) {
    // --emit loads no weights and runs nothing: the workers' flags are theirs.
    for (const flag of ['weights', 'out-dir', 'keep-history', 'json'] as const) if (values[flag]) throw new UsageError(`--${flag} does not go with --emit${flag === 'weights' ? ' (it loads no weights: give --weights FILE to each worker\'s --plan, or set STYLEGRAPH_WEIGHTS there)' : ''}`);
    if (values['no-history']) throw new UsageError('--no-history does not go with --emit (the workers record each run in DIR/runs/K/)');
  } else if (values.parallel !== undefined) throw new UsageError('--parallel goes with --emit');
  if (!values.vary?.length) throw new UsageError('sweep needs at least one --vary KEYS=VALUES');
  const maxRuns = values['max-runs'] === undefined ? DEFAULT_MAX_RUNS : parseInteger('--max-runs', values['max-runs'], { min: 1, max: MAX_RUNS_LIMIT });
  let vary: VaryFlag[];
  try {
    vary = values.vary.map(parseVary);
    checkDistinctKeys(vary);
    checkRunCount(vary, maxRuns);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const parallel = values.parallel === undefined ? DEFAULT_PARALLEL : parseInteger('--parallel', values.parallel, { min: 1, max: 100_000 });
  if (values.emit === '') throw new UsageError('--emit needs a folder');
  return { command: 'sweep', ...runOptions('sweep', values, positionals), vary, outDir: values['out-dir'], emit: values.emit, parallel };
}

function parseCacheArgs(args: readonly string[]): CacheArgs {
  const { values, positionals } = parse(args, { keep: { type: 'string' } });
  const [action, ...extra] = positionals;
  if (action !== 'list' && action !== 'prune') throw new UsageError(action === undefined ? 'cache needs list or prune' : `cache: unknown action ${quote(action)}; expected list or prune`);
  if (extra.length) throw new UsageError(`cache ${action} takes no arguments, not ${quote(extra[0]!)}`);
  if (action === 'list') {
    if (values.keep !== undefined) throw new UsageError('--keep is for cache prune');
    return { command: 'cache', action };
  }
  return { command: 'cache', action, keep: values.keep === undefined ? 0 : parseInteger('--keep', values.keep, { min: 0, max: 100_000 }) };
}

/** RUN_OPTIONS as parseArgs returns them (defaults filled in). */
interface RunOptionValues {
  readonly weights?: string;
  readonly size?: string;
  readonly iterations?: string;
  readonly backend: string;
  readonly seed?: string;
  readonly json: boolean;
  readonly 'no-history': boolean;
  readonly 'keep-history'?: string;
}

function runOptions(command: string, values: RunOptionValues, positionals: readonly string[]): RunOptionArgs {
  if (positionals.length !== 1) throw new UsageError(`${command} needs exactly one graph file`);
  const backend = values.backend;
  if (!(CLI_BACKENDS as readonly string[]).includes(backend)) throw new UsageError(`--backend must be one of ${CLI_BACKENDS.join(', ')}, not "${backend}"`);
  return {
    graph: positionals[0]!,
    weights: values.weights,
    size: values.size === undefined ? undefined : parseSize(values.size),
    iterations: values.iterations === undefined ? undefined : parseInteger('--iterations', values.iterations, overrideRange('iterations')),
    backend: backend as CliBackend,
    seed: values.seed === undefined ? undefined : parseInteger('--seed', values.seed, overrideRange('seed')),
    json: values.json,
    history: !values['no-history'],
    keepHistory: values['keep-history'] === undefined ? DEFAULT_HISTORY_CAP : parseInteger('--keep-history', values['keep-history'], { min: 1, max: 100_000 }),
  };
}

function parse<T extends NonNullable<ParseArgsConfig['options']>>(args: readonly string[], options: T) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true as const, strict: true as const });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** "HxW", each side within the range of the image params it sets. */
function parseSize(text: string): [number, number] {
  const [h, w] = [overrideRange('height'), overrideRange('width')];
  const match = /^(\d+)x(\d+)$/.exec(text);
  const size: [number, number] | undefined = match ? [Number(match[1]), Number(match[2])] : undefined;
  if (size && fits(size[0], h) && fits(size[1], w)) return size;
  const sides = h.min === w.min && h.max === w.max ? `each side in ${h.min}..${h.max}` : `the height in ${h.min}..${h.max} and the width in ${w.min}..${w.max}`;
  throw new UsageError(`--size must be HxW with ${sides}, e.g. 300x400, not ${quote(text)}`);
}

/** A whole number within `range`. */
function parseInteger(flag: string, text: string, range: { readonly min: number; readonly max: number }): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || !fits(n, range)) throw new UsageError(`${flag} must be a whole number in ${range.min}..${range.max}, not ${quote(text)}`);
  return n;
}

function fits(n: number, range: { readonly min: number; readonly max: number }): boolean {
  return Number.isSafeInteger(n) && n >= range.min && n <= range.max;
}

/** --frames A..B (both from 1, A at most B), A.. (to the last frame) or A (that frame alone). */
export function parseFrameRange(text: string): { from: number; to: number } {
  const match = /^(\d+)(\.\.(\d*))?$/.exec(text);
  const from = match ? Number(match[1]) : 0;
  const to = !match ? 0 : match[2] === undefined ? from : match[3] ? Number(match[3]) : Number.MAX_SAFE_INTEGER;
  if (!match || from < 1 || to < from) throw new UsageError(`--frames must be A..B with 1 <= A <= B (or A.., or A), e.g. 3..8, not ${quote(text)}`);
  return { from, to };
}
