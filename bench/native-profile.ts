/**
 * Where an iteration of the seed graph goes on the onnx backend (`npm run bench -- --profile [--sizes
 * 300x400] [--iterations 6] [--warmup 2]`): the tfjs loop (VGG passes on onnxruntime, the rest on
 * tfjs wasm; STYLEGRAPH_NATIVE_LOOP=0) and the native loop (the whole iteration one onnxruntime
 * call), each with onnxruntime's own per-node profile. Node names carry their phase (OnnxGraph.phase);
 * what onnxruntime adds itself (layout reorders between its blocked convolutions and the rest) is
 * "reorders". Time outside onnxruntime (tfjs ops, copies, JavaScript) is the wall time less the
 * sessions' run time.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OnnxVggModel } from '../src/node/onnx/onnx-vgg-model';
import { useBackend } from '../src/node/backend';
import { runGraph } from '../src/core/run/executor';
import { randomVggWeights } from '../test/helpers/weight-files';
import { benchEnvironment, benchGraph, WEIGHT_SEED } from './common';

export interface ProfileRow {
  readonly part: string;
  readonly msPerIteration: number;
}

export interface LoopProfile {
  readonly loop: 'tfjs' | 'native';
  readonly wallMsPerIteration: number;
  readonly rows: readonly ProfileRow[];
}

interface TraceEvent { cat: string; name: string; ts: number; dur: number; args?: { op_name?: string } }

/** Per-iteration milliseconds by phase and op from onnxruntime's profiles in `dir`, leaving out each session's first `warmup` runs. */
export function readProfiles(dir: string, warmup: number, iterations: number): { rows: ProfileRow[]; runMs: number } {
  const parts = new Map<string, number>();
  let runMs = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const events = JSON.parse(readFileSync(join(dir, file), 'utf8')) as TraceEvent[];
    const runs = events.filter((e) => e.cat === 'Session' && e.name === 'model_run').sort((a, b) => a.ts - b.ts);
    const counted = runs.slice(warmup);
    if (!counted.length) continue;
    const from = counted[0]!.ts;
    runMs += counted.reduce((a, e) => a + e.dur / 1000, 0);
    for (const e of events) {
      if (e.cat !== 'Node' || !e.name.endsWith('_kernel_time') || e.ts < from) continue;
      const phase = phaseOf(e.name);
      const key = `${phase}: ${e.args?.op_name ?? '?'}`;
      parts.set(key, (parts.get(key) ?? 0) + e.dur / 1000);
    }
  }
  const rows = [...parts].map(([part, ms]) => ({ part, msPerIteration: ms / iterations })).sort((a, b) => b.msPerIteration - a.msPerIteration);
  return { rows, runMs: runMs / iterations };
}

/**
 * A profiled node's phase: from its name (`phase/Op_n`), or for a node onnxruntime made (a blocked
 * convolution, named after its output), from its output's name (`phase.op_n`; a loop pass's
 * features are `features_*`); onnxruntime's own layout reorders are "reorders".
 */
export function phaseOf(nodeName: string): string {
  if (nodeName.includes('/')) return nodeName.split('/')[0]!;
  if (nodeName.startsWith('features_')) return 'vgg forward';
  const dotted = /^([a-z-]+)\./.exec(nodeName);
  return dotted ? dotted[1]!.replace(/-/g, ' ') : 'reorders';
}

async function profileLoop(native: boolean, size: readonly [number, number], iterations: number, warmup: number, threads: number): Promise<LoopProfile> {
  const dir = mkdtempSync(join(tmpdir(), 'stylegraph-profile-'));
  process.env.STYLEGRAPH_ORT_PROFILE = join(dir, 'ort');
  const model = new OnnxVggModel(randomVggWeights(WEIGHT_SEED, 'full'), threads, { nativeLoop: native });
  const stamps: number[] = [];
  try {
    await runGraph(benchGraph(size, warmup + iterations, { previewEvery: 0 }), benchEnvironment(model), { onProgress: (e) => stamps.push(e.ms) });
  } finally {
    model.dispose(); // writes the profiles
    delete process.env.STYLEGRAPH_ORT_PROFILE;
  }
  const wall = (stamps[stamps.length - 1]! - stamps[warmup - 1]!) / iterations;
  const { rows, runMs } = readProfiles(dir, warmup, iterations);
  rmSync(dir, { recursive: true, force: true });
  const kernels = rows.reduce((a, r) => a + r.msPerIteration, 0);
  return {
    loop: native ? 'native' : 'tfjs',
    wallMsPerIteration: wall,
    rows: [...rows, { part: 'onnxruntime between its kernels', msPerIteration: runMs - kernels }, { part: 'outside onnxruntime (tfjs ops, copies, JavaScript)', msPerIteration: wall - runMs }],
  };
}

/** Groups a profile's rows by phase (the part before ':'). */
function byPhase(rows: readonly ProfileRow[]): ProfileRow[] {
  const phases = new Map<string, number>();
  for (const r of rows) {
    const phase = r.part.split(':')[0]!;
    phases.set(phase, (phases.get(phase) ?? 0) + r.msPerIteration);
  }
  return [...phases].map(([part, msPerIteration]) => ({ part, msPerIteration })).sort((a, b) => b.msPerIteration - a.msPerIteration);
}

export function profileTable(profiles: readonly LoopProfile[], top = 8): string {
  const lines: string[] = [];
  for (const p of profiles) {
    lines.push(`\n${p.loop} loop: ${p.wallMsPerIteration.toFixed(0)} ms/iter\n\n| part | ms/iter | share |\n|---|---:|---:|`);
    for (const r of byPhase(p.rows)) lines.push(`| ${r.part} | ${r.msPerIteration.toFixed(1)} | ${(100 * r.msPerIteration / p.wallMsPerIteration).toFixed(0)}% |`);
    lines.push(`\ntop ops:\n\n| phase: op | ms/iter |\n|---|---:|`);
    for (const r of p.rows.filter((r) => r.part.includes(':')).slice(0, top)) lines.push(`| ${r.part} | ${r.msPerIteration.toFixed(1)} |`);
  }
  return lines.join('\n');
}

export async function profileBench(options: { size: readonly [number, number]; iterations: number; warmup: number; threads: number; out: string }): Promise<string> {
  await useBackend('wasm', { threads: options.threads });
  const profiles = [await profileLoop(false, options.size, options.iterations, options.warmup, options.threads), await profileLoop(true, options.size, options.iterations, options.warmup, options.threads)];
  writeFileSync(join(options.out, 'profile.json'), `${JSON.stringify({ size: options.size, iterations: options.iterations, threads: options.threads, profiles }, null, 1)}\n`);
  return `onnx backend, seed graph at ${options.size[0]}x${options.size[1]}, ${options.threads} thread(s), ${options.iterations} iterations after ${options.warmup}${profileTable(profiles)}`;
}
