import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadGraph } from '../src/core/graph/load';
import { applyOverrides } from '../src/core/graph/overrides';
import type { Graph } from '../src/core/graph/types';
import type { RunEnvironment } from '../src/core/run/executor';
import type { VggNetwork } from '../src/core/model/vgg-network';
import { readImageFile } from '../src/node/image-file';

export const REPO = resolve(__dirname, '..', '..');
export const EXAMPLES = resolve(REPO, 'examples');
export const SEED_GRAPH = resolve(EXAMPLES, 'seed.stylegraph.json');
export const BENCH_OUT = resolve(REPO, '.bench');
/** Seed of the generated full-width VGG-19 weights every benchmark uses. */
export const WEIGHT_SEED = 19;

/** The seed example at height x width with `iterations` Adam steps. */
export function benchGraph(size: readonly [number, number], iterations: number, params: Record<string, number | string> = {}): Graph {
  const graph = applyOverrides(loadGraph(readFileSync(SEED_GRAPH, 'utf8')).graph!, { size, iterations });
  return { ...graph, nodes: graph.nodes.map((n) => (n.type === 'optimizer' ? { ...n, params: { ...n.params, ...params } } : n)) };
}

/** Reads images relative to examples/, as the seed graph's paths are. */
export function benchEnvironment(model: VggNetwork): RunEnvironment {
  return { model, readImage: (path) => readImageFile(resolve(EXAMPLES, path)) };
}

export function median(xs: readonly number[]): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Peak resident memory of this process in MiB (VmHWM; maxRSS where /proc is missing). */
export function peakMemoryMiB(): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) / 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS / 1024;
}

/** $STYLEGRAPH_PYTHON (e.g. a venv with a CUDA build of torch), else Debian's Python, the one that sees python3-torch (a pyenv python3 on PATH may not). */
export const PYTHON = process.env.STYLEGRAPH_PYTHON || '/usr/bin/python3';

/** Why the PyTorch reference cannot run here, or undefined when it can. */
export function torchMissing(): string | undefined {
  if (!existsSync(PYTHON)) return `${PYTHON} is missing`;
  try {
    execFileSync(PYTHON, ['-c', 'import torch, numpy'], { stdio: 'ignore' });
    return undefined;
  } catch {
    return 'python3-torch is not installed (apt-get install python3-torch python3-numpy libopenblas0-pthread)';
  }
}
