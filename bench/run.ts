/**
 * `npm run bench [-- --sizes 64,128,300x400 --backends wasm,cpu,webgpu --rounds 1 ...]`
 *
 * The seed graph with seeded, generated full-width VGG-19 weights, on each Node backend, each in
 * its own process, alternating with the PyTorch reference (bench/pytorch) on the same weights,
 * images and starting image. Writes .bench/results.json and .bench/results.md and prints the
 * table. Exits 1 when the correctness gate fails (PyTorch and tfjs disagree on the loss).
 */
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend, type NodeBackend } from '../src/node/backend';
import { readImageFile } from '../src/node/image-file';
import { randomVggWeights } from '../test/helpers/weight-files';
import { BENCH_OUT, EXAMPLES, PYTHON, REPO, WEIGHT_SEED, benchGraph, median, torchMissing as torchUnavailable } from './common';
import { writeCaseDirectory } from './case-dir';
import { lossBench } from './losses';
import { gpuBench } from './gpu';
import { roundMedians, roundMediansLine } from './round-medians';
import { sweepCheckBench } from './sweep-check';
import { editorBench } from './editor';
import { profileBench } from './native-profile';
import { cpuInfo, cpuLine } from './cpu-info';
import type { EngineBackend } from '../src/core/protocol/engine-messages';
import type { ChildRequest, ChildResult } from './child';

/** Relative tolerance of the loss gate; see bench/README.md for why. */
export const GATE_TOLERANCE = 1e-3;
/** Iterations the gate compares. */
export const GATE_ITERATIONS = 10;

interface Preset { readonly sizes: string; readonly backends: string; readonly warmup: string; readonly lbfgs: string; readonly iterations: number }
const DEFAULTS: Preset = { sizes: '64,128,300x400', backends: 'onnx,wasm,cpu,webgpu', warmup: '2', lbfgs: '64', iterations: 0 };
/** --high-res: three sizes on wasm, two iterations each (the first left out as warm-up), no L-BFGS: under 10 minutes on 2 cores. */
const HIGH_RES: Preset = { sizes: '300x400,512,1024', backends: 'onnx,wasm', warmup: '1', lbfgs: '', iterations: 2 };
const TORCH_SCRIPT = join(REPO, 'bench', 'pytorch', 'style_transfer.py');

interface Row {
  size: string;
  engine: string;
  /** The backend a measured row ran (absent on PyTorch's rows). */
  backend?: string;
  iterations: number;
  secondsPerIteration: number | null;
  pytorchSecondsPerIteration: number | null;
  ratio: number | null;
  peakMiB: number | null;
  tensorsPerIteration: number | null;
  firstPreviewSeconds: number | null;
  setupSeconds: number | null;
  gate: { compared: number; maxRelativeDifference: number; pass: boolean } | null;
  lbfgs?: ChildResult['lbfgs'];
  note?: string;
}

/** gpuPeakMiB: torch.cuda.max_memory_allocated on cuda, null on cpu; device: `cpu` or `cuda <name>`. */
interface TorchResult { losses: number[]; iterationSeconds: number[]; peakMiB: number; threads: number; torch: string; device: string; gpuPeakMiB: number | null }

function parseSize(s: string): [number, number] {
  const [a, b] = s.split('x').map(Number);
  return b === undefined ? [a!, a!] : [a!, b];
}
const sizeLabel = ([h, w]: readonly [number, number]) => `${w}x${h}`;

function runProcess(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** PyTorch on the case directory; its peak RSS from getrusage in the same interpreter. */
async function runTorch(caseDir: string, iterations: number, threads: number, device: 'cpu' | 'cuda' = 'cpu'): Promise<TorchResult> {
  const wrapper = [
    'import sys, runpy, resource, json',
    `sys.argv = [${JSON.stringify(TORCH_SCRIPT)}] + sys.argv[1:]`,
    'try:',
    "    runpy.run_path(sys.argv[0], run_name='__main__')",
    'finally:',
    "    print(json.dumps({'event': 'peak', 'maxrss_kb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}), flush=True)",
  ].join('\n');
  const r = await runProcess(PYTHON, ['-c', wrapper, caseDir, '--threads', String(threads), '--iterations', String(iterations), '--device', device]);
  const lines = r.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
  const its = lines.filter((l) => l.event === 'iteration');
  const done = lines.find((l) => l.event === 'done');
  if (r.code !== 0 || !done) throw new Error(`PyTorch failed (exit ${r.code}): ${r.stderr.slice(-2000)}`);
  const seconds = its.map((l) => l.seconds as number);
  return {
    losses: its.map((l) => l.loss as number),
    iterationSeconds: seconds.map((s, i) => s - (i ? seconds[i - 1]! : 0)),
    peakMiB: (lines.find((l) => l.event === 'peak')?.maxrss_kb as number) / 1024,
    threads: done.threads as number,
    torch: done.torch as string,
    device: done.device as string,
    gpuPeakMiB: (done.cuda_peak_mib as number | undefined) ?? null,
  };
}

async function runChild(req: ChildRequest): Promise<ChildResult> {
  const r = await runProcess(process.execPath, [join(__dirname, 'child.js'), JSON.stringify(req)]);
  const last = r.stdout.trim().split('\n').pop() ?? '';
  let parsed: { result?: ChildResult; error?: string } = {};
  try {
    parsed = JSON.parse(last) as typeof parsed;
  } catch {
    parsed = { error: `no result (exit ${r.code}): ${(r.stderr || r.stdout).slice(-2000)}` };
  }
  if (!parsed.result) throw new Error(parsed.error ?? 'no result');
  return parsed.result;
}

/**
 * What `webgpu` finds here, probed in a child so a crash in Dawn stays there: the adapter's
 * description and whether it is a software (CPU) Vulkan such as lavapipe, or why there is none.
 */
async function probeWebgpu(): Promise<{ adapter: string; software: boolean } | { missing: string }> {
  const probe = "import('webgpu').then(async ({create, globals}) => { Object.assign(globalThis, globals); const a = await create([]).requestAdapter(); if (!a) { console.log('none'); process.exit(0); } const i = a.info ?? (a.requestAdapterInfo ? await a.requestAdapterInfo() : {}); console.log('ok ' + JSON.stringify({ d: `${i.vendor ?? ''} ${i.architecture ?? ''} ${i.description ?? ''}`.trim(), software: i.architecture === 'software' || /llvmpipe|lavapipe|swiftshader/i.test(`${i.device} ${i.description}`) || !!a.isFallbackAdapter })); process.exit(0); }, (e) => { console.log('error ' + e.message); process.exit(0); })";
  const r = await runProcess(process.execPath, ['-e', probe]);
  const out = r.stdout.trim().split('\n').find((l) => /^(ok|none|error)/.test(l)) ?? '';
  if (out.startsWith('ok ')) {
    const { d, software } = JSON.parse(out.slice(3)) as { d: string; software: boolean };
    return { adapter: d, software };
  }
  return { missing: out === 'none' ? 'no WebGPU adapter (Dawn found no Vulkan device; see bench/README.md)' : `the webgpu package failed to load: ${out || r.stderr.slice(-300)}` };
}

/** Largest relative difference of the first n losses. */
export function lossAgreement(a: readonly number[], b: readonly number[], n = GATE_ITERATIONS): { compared: number; maxRelativeDifference: number } {
  const compared = Math.min(n, a.length, b.length);
  let max = 0;
  for (let i = 0; i < compared; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!) / Math.abs(b[i]!));
  return { compared, maxRelativeDifference: compared ? max : NaN };
}

const fmt = (x: number | null | undefined, digits = 3) => (x === null || x === undefined || Number.isNaN(x) ? '-' : x.toPrecision(digits));

export function markdownTable(rows: readonly Row[]): string {
  const head = '| size | engine | iters | s/iter (median after warm-up) | PyTorch s/iter (alternating) | ratio to PyTorch | peak MiB | tensors/iter | first preview s | setup s | loss gate (max rel. diff, first n) | L-BFGS s to Adam\'s loss |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|';
  const lines = rows.map((r) => {
    const gate = r.gate ? `${r.gate.pass ? 'PASS' : 'FAIL'} ${r.gate.maxRelativeDifference.toExponential(1)} (n=${r.gate.compared})` : '-';
    const lb = r.lbfgs ? (r.lbfgs.seconds !== null ? `${fmt(r.lbfgs.seconds)} s (${r.lbfgs.iterations} it) vs Adam ${fmt(r.lbfgs.adamSeconds)} s` : `not reached${r.lbfgs.error ? `: ${r.lbfgs.error.slice(0, 60)}` : ''}`) : '-';
    return `| ${r.size} | ${r.engine}${r.note ? ` (${r.note})` : ''} | ${r.iterations} | ${fmt(r.secondsPerIteration)} | ${fmt(r.pytorchSecondsPerIteration)} | ${r.ratio === null ? '-' : r.ratio.toFixed(2)} | ${fmt(r.peakMiB, 4)} | ${r.tensorsPerIteration ?? '-'} | ${fmt(r.firstPreviewSeconds)} | ${fmt(r.setupSeconds)} | ${gate} | ${lb} |`;
  });
  return [head, ...lines].join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '' },
      backends: { type: 'string', default: '' },
      iterations: { type: 'string', default: '' },
      warmup: { type: 'string', default: '' },
      rounds: { type: 'string', default: '' },
      // Threads for PyTorch and for our engine (onnxruntime and tfjs wasm): default one per CPU this process may use.
      threads: { type: 'string', default: String(availableParallelism()) },
      // Where an onnx iteration goes, tfjs loop against native loop (bench/native-profile.ts).
      profile: { type: 'boolean', default: false },
      // onnx with the tfjs loop (VGG on onnxruntime, the rest on tfjs), as before the native loop.
      'tfjs-loop': { type: 'boolean', default: false },
      'loss-every': { type: 'string', default: '' },
      'cpu-sizes': { type: 'string', default: '64' },
      // On a software adapter (lavapipe) only these sizes; on a GPU every size unless given.
      'webgpu-sizes': { type: 'string', default: '' },
      lbfgs: { type: 'string' },
      // s/iter and peak memory at large sizes, tfjs wasm next to PyTorch (HIGH_RES).
      'high-res': { type: 'boolean', default: false },
      'lbfgs-adam-iterations': { type: 'string', default: '200' },
      stock: { type: 'boolean', default: false },
      'no-torch': { type: 'boolean', default: false },
      // webgpu on a hardware adapter and PyTorch on CUDA at 300x400 and 1024x1024 (bench/gpu.ts).
      gpu: { type: 'boolean', default: false },
      out: { type: 'string', default: BENCH_OUT },
      losses: { type: 'boolean', default: false },
      'loss-layer': { type: 'string', default: 'conv3_1' },
      'loss-size': { type: 'string', default: '128' },
      'loss-backend': { type: 'string', default: 'wasm' },
      // What a sweep costs before its first run: counting and checking 10,000 combinations, refusing 1,000,000 (bench/sweep-check.ts).
      'sweep-check': { type: 'boolean', default: false },
      // The editor's engine process against `stylegraph run` on the same backend, and the first preview after Run (bench/editor.ts).
      editor: { type: 'boolean', default: false },
    },
  });
  if (values.gpu) process.exit(await gpuBench(values, { probeWebgpu, runChild, runTorch, lossAgreement, parseSize, sizeLabel, GATE_TOLERANCE, GATE_ITERATIONS }));
  if (values['sweep-check']) {
    console.log(await sweepCheckBench(values.out!, Number(values.rounds) || 5));
    return;
  }
  if (values.editor) {
    const backends = (values.backends || 'onnx').split(',').filter(Boolean) as EngineBackend[];
    const sizes = (values.sizes || '128,300x400').split(',').filter(Boolean).map(parseSize);
    console.log(await editorBench({ sizes, backends, rounds: Number(values.rounds) || 2, iterations: Number(values.iterations) || 8, warmup: Number(values.warmup || DEFAULTS.warmup), out: values.out! }));
    return;
  }
  if (values.profile) {
    const size = parseSize((values.sizes || '300x400').split(',')[0]!);
    console.log(`stylegraph bench --profile: ${cpuLine(cpuInfo())}`);
    await mkdir(values.out!, { recursive: true });
    console.log(await profileBench({ size, iterations: Number(values.iterations) || 4, warmup: Number(values.warmup || DEFAULTS.warmup), threads: Number(values.threads), out: values.out! }));
    return;
  }
  if (values.losses) {
    const iterations = Number(values.iterations) || 8;
    const table = await lossBench({ backend: values['loss-backend'] as NodeBackend, size: parseSize(values['loss-size']!), layer: values['loss-layer']!, iterations, warmup: Number(values.warmup || DEFAULTS.warmup), rounds: Number(values.rounds) || 3 });
    console.log(`\n${table}`);
    return;
  }
  const preset = values['high-res'] ? HIGH_RES : DEFAULTS;
  const sizes = (values.sizes || preset.sizes).split(',').filter(Boolean).map(parseSize);
  const backends = (values.backends || preset.backends).split(',').filter(Boolean);
  const warmup = Number(values.warmup || preset.warmup);
  const threads = Number(values.threads);
  const cpuSizes = new Set(values['cpu-sizes']!.split(',').filter(Boolean).map((s) => sizeLabel(parseSize(s))));
  const lbfgsSizes = new Set((values.lbfgs ?? preset.lbfgs).split(',').filter(Boolean).map((s) => sizeLabel(parseSize(s))));
  const convolution = values.stock ? 'stock' : 'conv3x3';
  const started = Date.now();
  const cpu = cpuInfo();
  console.log(`stylegraph bench: ${cpuLine(cpu)}, ${threads} thread(s), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; weights: generated full-width VGG-19 (seed ${WEIGHT_SEED}); convolution: ${convolution}`);

  const torchMissing = values['no-torch'] ? 'skipped (--no-torch)' : torchUnavailable();
  if (torchMissing) console.log(`PyTorch: skipped: ${torchMissing}`);
  const skip = new Map<string, string>();
  let webgpuSizes: Set<string> | null = null; // null: every size
  if (backends.includes('webgpu')) {
    const probe = await probeWebgpu();
    if ('missing' in probe) skip.set('webgpu', probe.missing);
    else {
      console.log(`webgpu: adapter ${probe.adapter}${probe.software ? ' (software Vulkan: correctness only, sizes from --webgpu-sizes)' : ''}`);
      const listed = values['webgpu-sizes'] || (probe.software ? '64' : '');
      if (listed) webgpuSizes = new Set(listed.split(',').filter(Boolean).map((s) => sizeLabel(parseSize(s))));
    }
  }
  for (const [b, why] of skip) console.log(`${b}: skipped: ${why}`);

  // The parent computes the case (images, starting pixels) once per size on the cpu backend.
  await useBackend('cpu');
  const weights = randomVggWeights(WEIGHT_SEED, 'full');
  const rows: Row[] = [];
  let failed = false;
  for (const size of sizes) {
    const label = sizeLabel(size);
    const big = size[0] * size[1] >= 200 * 200;
    const iterations = Number(values.iterations) || preset.iterations || (big ? GATE_ITERATIONS : 12);
    const caseDir = join(values.out!, `case-${label}`);
    await writeCaseDirectory(caseDir, benchGraph(size, iterations), weights, (p) => readImageFile(join(EXAMPLES, p)));
    console.log(`\n== ${label}: case directory ${caseDir}; ${tf.memory().numTensors} tensors in the parent`);
    for (let round = 0; round < (Number(values.rounds) || 1); round++) {
      for (const backend of backends) {
        const iters = backend === 'cpu' ? Math.min(iterations, 4) : iterations;
        if (skip.has(backend)) {
          if (round === 0) rows.push(emptyRow(label, backend, iters, `skipped: ${skip.get(backend)}`));
          continue;
        }
        if (backend === 'webgpu' && webgpuSizes && !webgpuSizes.has(label)) {
          if (round === 0) rows.push(emptyRow(label, backend, iters, 'skipped: not in --webgpu-sizes (default on a software Vulkan adapter such as lavapipe: 64, correctness only)'));
          continue;
        }
        if (backend === 'cpu' && !cpuSizes.has(label)) {
          if (round === 0) rows.push(emptyRow(label, backend, iters, 'skipped: the pure-JS cpu backend is very slow (--cpu-sizes to include)'));
          continue;
        }
        let torch: TorchResult | null = null;
        if (!torchMissing) {
          process.stdout.write(`  pytorch ${label} ${iters} iterations ... `);
          torch = await runTorch(caseDir, iters, threads);
          console.log(`${fmt(median(torch.iterationSeconds.slice(warmup)))} s/iter`);
        }
        process.stdout.write(`  ${backend} ${label} ${iters} iterations ... `);
        const lossEvery = Number(values['loss-every']) || (backend === 'webgpu' ? 5 : 1);
        const lbfgs = lbfgsSizes.has(label) && backend === 'wasm' && round === 0 ? { maxIterations: 200 } : undefined;
        try {
          const r = await runChild({ backend: backend as ChildRequest['backend'], threads, nativeLoop: !values['tfjs-loop'], size, iterations: lbfgs ? Number(values['lbfgs-adam-iterations']) : iters, caseDir, lossEvery, previewEvery: 2 * lossEvery, convolution, ...(lbfgs && { lbfgs }) });
          const times = r.iterationSeconds.slice(0, iters).slice(warmup);
          const s = median(times);
          const ts = torch ? median(torch.iterationSeconds.slice(warmup)) : null;
          const agreement = torch ? lossAgreement(r.losses, torch.losses) : null;
          const gate = agreement ? { ...agreement, pass: agreement.maxRelativeDifference <= GATE_TOLERANCE } : null;
          if (gate && !gate.pass) failed = true;
          console.log(`${fmt(s)} s/iter${ts ? ` (${(s / ts).toFixed(2)}x PyTorch)` : ''}; gate ${gate ? `${gate.pass ? 'PASS' : 'FAIL'} ${gate.maxRelativeDifference.toExponential(2)}` : '-'}`);
          rows.push({ size: label, engine: backend === 'onnx' ? (r.nativeLoop ? 'onnxruntime, whole iteration' : 'onnxruntime VGG + tfjs wasm') : `tfjs ${backend}`, backend, iterations: iters, secondsPerIteration: s, pytorchSecondsPerIteration: ts, ratio: ts ? s / ts : null, peakMiB: r.peakMiB, tensorsPerIteration: r.tensorsPerIteration, firstPreviewSeconds: r.firstPreviewSeconds, setupSeconds: r.setupSeconds, gate, ...(r.lbfgs && { lbfgs: r.lbfgs }) });
          if (torch) rows.push({ size: label, engine: `PyTorch ${torch.torch} (${torch.threads} threads, next to ${backend})`, iterations: iters, secondsPerIteration: ts, pytorchSecondsPerIteration: ts, ratio: 1, peakMiB: torch.peakMiB, tensorsPerIteration: null, firstPreviewSeconds: null, setupSeconds: null, gate: null });
        } catch (e) {
          console.log(`failed: ${(e as Error).message.split('\n')[0]}`);
          rows.push(emptyRow(label, backend, iters, `failed: ${(e as Error).message.split('\n')[0]!.slice(0, 120)}`));
        }
      }
    }
  }
  const table = values['high-res'] ? memoryTable(rows) : markdownTable(rows);
  await mkdir(values.out!, { recursive: true });
  const medians = roundMedians(rows);
  const summary = { date: new Date().toISOString(), machine: { cpus: cpu.cpus, model: cpu.model, extensions: cpu.extensions, threads, memoryGiB: totalmem() / 2 ** 30, node: process.version }, weights: `generated full-width VGG-19, seed ${WEIGHT_SEED}`, convolution, gateTolerance: GATE_TOLERANCE, warmup, rows, medians, minutes: (Date.now() - started) / 60000 };
  await writeFile(join(values.out!, 'results.json'), JSON.stringify(summary, null, 2) + '\n');
  await writeFile(join(values.out!, 'results.md'), table + '\n');
  console.log(`\n${table}\n\n${medians.map(roundMediansLine).join('\n')}\n\nWrote ${join(values.out!, 'results.json')} and results.md (${summary.minutes.toFixed(1)} min).`);
  const gated = rows.filter((r) => r.gate);
  console.log(gated.length ? `Correctness gate (first ${GATE_ITERATIONS} total losses within ${GATE_TOLERANCE} relative of PyTorch): ${failed ? 'FAIL' : 'PASS'}` : 'Correctness gate: not run (no PyTorch)');
  process.exit(failed ? 1 : 0);
}

/** tfjs and PyTorch side by side per size: s/iter and peak memory (the --high-res table). */
export function memoryTable(rows: readonly Row[]): string {
  const head = '| size | engine | iters | s/iter | peak MiB | PyTorch s/iter | PyTorch peak MiB | loss gate |\n|---|---|---:|---:|---:|---:|---:|---|';
  const lines = rows.filter((r) => r.backend).map((r) => {
    const torch = rows.find((t) => t.size === r.size && t.engine.startsWith('PyTorch') && t.engine.endsWith(`next to ${r.backend})`));
    const gate = r.gate ? `${r.gate.pass ? 'PASS' : 'FAIL'} ${r.gate.maxRelativeDifference.toExponential(1)} (n=${r.gate.compared})` : '-';
    return `| ${r.size} | ${r.engine}${r.note ? ` (${r.note})` : ''} | ${r.iterations} | ${fmt(r.secondsPerIteration)} | ${fmt(r.peakMiB, 4)} | ${fmt(torch?.secondsPerIteration)} | ${fmt(torch?.peakMiB, 4)} | ${gate} |`;
  });
  return [head, ...lines].join('\n');
}

function emptyRow(size: string, backend: string, iterations: number, note: string): Row {
  return { size, engine: `tfjs ${backend}`, backend, iterations, secondsPerIteration: null, pytorchSecondsPerIteration: null, ratio: null, peakMiB: null, tensorsPerIteration: null, firstPreviewSeconds: null, setupSeconds: null, gate: null, note };
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(2);
  });
}
