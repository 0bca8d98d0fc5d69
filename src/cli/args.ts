import { parseArgs, type ParseArgsConfig } from 'node:util';
import { NODE_BACKENDS, type NodeBackend } from '../node/backend';
import { overrideRange, type OverriddenValue } from '../core/graph/overrides';
import { quote } from '../core/graph/quote';

export const USAGE = `Usage:
  stylegraph run GRAPH [--weights FILE] [--out PNG] [--size HxW] [--iterations N]
                       [--backend cpu|wasm|webgpu] [--seed N] [--json]
  stylegraph validate GRAPH...

run       optimises the graph's generated image and writes it as PNG (default: GRAPH's name + .png)
validate  lists every problem of each graph file; exits 1 if any

Weights: --weights FILE (Keras .h5 or TensorFlow.js model.json), else $STYLEGRAPH_WEIGHTS, else the
VGG-19 weights downloaded once into the cache ($STYLEGRAPH_CACHE, default ~/.cache/stylegraph;
$STYLEGRAPH_WEIGHTS_URL names a mirror).`;

export class UsageError extends Error {}

export interface RunArgs {
  readonly command: 'run';
  readonly graph: string;
  readonly weights?: string;
  readonly out?: string;
  readonly size?: readonly [number, number];
  readonly iterations?: number;
  readonly backend: NodeBackend;
  readonly seed?: number;
  readonly json: boolean;
}

export type CliArgs = RunArgs | { readonly command: 'validate'; readonly graphs: readonly string[] } | { readonly command: 'help' };

export function parseCliArgs(argv: readonly string[]): CliArgs {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') return { command: 'help' };
  if (command === 'validate') {
    const { positionals } = parse(rest, {});
    if (!positionals.length) throw new UsageError('validate needs at least one graph file');
    return { command, graphs: positionals };
  }
  if (command !== 'run') throw new UsageError(`unknown command "${command}"`);
  const { values, positionals } = parse(rest, {
    weights: { type: 'string' },
    out: { type: 'string' },
    size: { type: 'string' },
    iterations: { type: 'string' },
    backend: { type: 'string', default: 'wasm' },
    seed: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  if (positionals.length !== 1) throw new UsageError('run needs exactly one graph file');
  const backend = values.backend;
  if (!(NODE_BACKENDS as readonly string[]).includes(backend)) throw new UsageError(`--backend must be one of ${NODE_BACKENDS.join(', ')}, not "${backend}"`);
  return {
    command,
    graph: positionals[0]!,
    weights: values.weights,
    out: values.out,
    size: values.size === undefined ? undefined : parseSize(values.size),
    iterations: values.iterations === undefined ? undefined : parseInteger('--iterations', values.iterations, 'iterations'),
    backend: backend as NodeBackend,
    seed: values.seed === undefined ? undefined : parseInteger('--seed', values.seed, 'seed'),
    json: values.json,
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

/** A whole number within the range of the params `name` sets. */
function parseInteger(flag: string, text: string, name: OverriddenValue): number {
  const range = overrideRange(name);
  const n = Number(text);
  if (!/^\d+$/.test(text) || !fits(n, range)) throw new UsageError(`${flag} must be a whole number in ${range.min}..${range.max}, not ${quote(text)}`);
  return n;
}

function fits(n: number, range: { readonly min: number; readonly max: number }): boolean {
  return Number.isSafeInteger(n) && n >= range.min && n <= range.max;
}
