/**
 * `npm run bench -- --gpu`: the seed graph at 300x400 and 1024x1024 on tfjs webgpu and on PyTorch
 * CUDA, each where this machine has it, PyTorch first as in the other modes, with the loss gate
 * where both ran. A software WebGPU adapter (lavapipe, SwiftShader) counts as no GPU. An engine
 * that cannot run prints one "skipped" line with the reason, and with nothing to run the command
 * still exits 0; it exits 1 when a gate that ran fails or a run that started failed.
 */
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { VggWeightSet } from '../src/core/model/weights';
import { useBackend } from '../src/node/backend';
import { readImageFile } from '../src/node/image-file';
import { randomVggWeights } from '../test/helpers/weight-files';
import { BENCH_OUT, EXAMPLES, PYTHON, WEIGHT_SEED, benchGraph, median, torchMissing } from './common';
import { writeCaseDirectory } from './case-dir';
import type { ChildRequest, ChildResult } from './child';

export const GPU_SIZES = '300x400,1024';
/** The first 5 iterations (shader compilation, cuDNN's first calls) are warm-up; the gate reads the first 10 losses. */
const ITERATIONS = 20;
const WARMUP = 5;
/** webgpu reads the loss back every 5 iterations, as in the other modes. */
const LOSS_EVERY = 5;

export type WebgpuProbe = { adapter: string; software: boolean } | { missing: string };
/** What torch reports about CUDA here, or why torch cannot be imported. */
export type CudaProbe = { torch: string; cuda: string | null; available: boolean; device: string | null } | { missing: string };

interface TorchRun { losses: number[]; iterationSeconds: number[]; peakMiB: number; torch: string; device: string; gpuPeakMiB: number | null }
interface Agreement { compared: number; maxRelativeDifference: number }

/** What bench/run.ts lends this mode, so every mode runs children, PyTorch and the gate alike. */
export interface RunParts {
  readonly probeWebgpu: () => Promise<WebgpuProbe>;
  readonly runChild: (req: ChildRequest) => Promise<ChildResult>;
  readonly runTorch: (caseDir: string, iterations: number, threads: number, device: 'cuda') => Promise<TorchRun>;
  readonly lossAgreement: (ours: readonly number[], torch: readonly number[]) => Agreement;
  readonly parseSize: (s: string) => [number, number];
  readonly sizeLabel: (size: readonly [number, number]) => string;
  readonly GATE_TOLERANCE: number;
  readonly GATE_ITERATIONS: number;
}

/** This mode's own contact with the machine: the CUDA probe, the case directories, the console. */
export interface LocalParts {
  readonly probeCuda: () => Promise<CudaProbe>;
  readonly writeCase: (size: readonly [number, number], iterations: number) => Promise<string>;
  readonly log: (line: string) => void;
}

/** The bench flags this mode reads (parseArgs' values). */
export interface GpuOptions {
  readonly sizes?: string;
  readonly iterations?: string;
  readonly warmup?: string;
  readonly 'loss-every'?: string;
  readonly threads?: string;
  readonly out?: string;
  readonly 'no-torch'?: boolean;
}

export interface GpuRow {
  readonly size: string;
  readonly engine: string;
  readonly status: 'ran' | 'skipped' | 'failed';
  readonly iterations: number;
  readonly secondsPerIteration: number | null;
  readonly ratio: number | null;
  readonly cpuPeakMiB: number | null;
  readonly gpuPeakMiB: number | null;
  readonly gate: (Agreement & { pass: boolean }) | null;
  readonly note?: string;
}

/** Why tfjs webgpu does not run in this mode, or undefined when a hardware adapter is there. */
export function webgpuSkip(probe: WebgpuProbe): string | undefined {
  if ('missing' in probe) return `no hardware WebGPU adapter (${probe.missing})`;
  if (probe.software) return `no hardware WebGPU adapter (only "${probe.adapter}", a software Vulkan that runs on the CPU)`;
  return undefined;
}

/** Why PyTorch does not run on CUDA here, or undefined when it can. */
export function cudaSkip(probe: CudaProbe): string | undefined {
  if ('missing' in probe) return probe.missing;
  if (probe.available) return undefined;
  return `torch.cuda.is_available() is False (torch ${probe.torch}, ${probe.cuda ? `built for CUDA ${probe.cuda}, but no usable device` : 'a CPU-only build'})`;
}

/** The CUDA probe's JSON line (CUDA_PROBE's output) as a CudaProbe. */
export function cudaProbeOf(stdout: string): CudaProbe {
  const line = stdout.trim().split('\n').pop() ?? '';
  try {
    const p = JSON.parse(line) as Record<string, unknown>;
    if (typeof p.torch === 'string' && typeof p.available === 'boolean') {
      return { torch: p.torch, cuda: typeof p.cuda === 'string' ? p.cuda : null, available: p.available, device: typeof p.device === 'string' ? p.device : null };
    }
  } catch {
    // reported below
  }
  return { missing: `the CUDA probe printed no result: ${JSON.stringify(line.slice(0, 120))}` };
}

const CUDA_PROBE = [
  'import json, torch',
  'a = torch.cuda.is_available()',
  'print(json.dumps({"torch": torch.__version__, "cuda": torch.version.cuda, "available": a, "device": torch.cuda.get_device_name(0) if a else None}))',
].join('\n');

async function probeCuda(): Promise<CudaProbe> {
  const missing = torchMissing();
  if (missing) return { missing };
  try {
    const { stdout } = await promisify(execFile)(PYTHON, ['-c', CUDA_PROBE]);
    return cudaProbeOf(stdout);
  } catch (e) {
    return { missing: `the CUDA probe failed: ${(e as Error).message.split('\n')[0]}` };
  }
}

/** Writes one case directory per size under `out`, from the weights every bench mode uses (generated once). */
function caseWriter(out: string, sizeLabel: RunParts['sizeLabel']): LocalParts['writeCase'] {
  let weights: VggWeightSet | undefined;
  return async (size, iterations) => {
    if (!weights) {
      await useBackend('cpu');
      weights = randomVggWeights(WEIGHT_SEED, 'full');
    }
    const dir = join(out, `case-${sizeLabel(size)}`);
    await writeCaseDirectory(dir, benchGraph(size, iterations), weights, (p) => readImageFile(join(EXAMPLES, p)));
    return dir;
  };
}

const num = (x: number | null, digits = 3) => (x === null || Number.isNaN(x) ? '-' : x.toPrecision(digits));

export function gpuTable(rows: readonly GpuRow[]): string {
  const head = '| size | engine | iters | s/iter (median after warm-up) | ratio to PyTorch CUDA | CPU peak MiB | GPU peak MiB | loss gate vs PyTorch CUDA (max rel. diff, first n) |\n|---|---|---:|---:|---:|---:|---:|---|';
  const lines = rows.map((r) => {
    const gate = r.gate ? `${r.gate.pass ? 'PASS' : 'FAIL'} ${r.gate.maxRelativeDifference.toExponential(1)} (n=${r.gate.compared})` : '-';
    return `| ${r.size} | ${r.engine}${r.note ? ` (${r.note})` : ''} | ${r.iterations} | ${num(r.secondsPerIteration)} | ${r.ratio === null ? '-' : r.ratio.toFixed(2)} | ${num(r.cpuPeakMiB, 4)} | ${num(r.gpuPeakMiB, 4)} | ${gate} |`;
  });
  return [head, ...lines].join('\n');
}

/** 1 when a gate that ran failed or a run that started failed; skipped rows never fail the command. */
export function exitCodeOf(rows: readonly GpuRow[]): 0 | 1 {
  return rows.some((r) => r.status === 'failed' || r.gate?.pass === false) ? 1 : 0;
}

const emptyRow = (size: string, engine: string, iterations: number, status: 'skipped' | 'failed', note: string): GpuRow => ({ size, engine, status, iterations, secondsPerIteration: null, ratio: null, cpuPeakMiB: null, gpuPeakMiB: null, gate: null, note });
const firstLine = (e: unknown) => (e as Error).message.split('\n')[0]!.slice(0, 160);

/** Runs the GPU mode; returns the exit status. */
export async function gpuBench(options: GpuOptions, run: RunParts, local: LocalParts = { probeCuda, writeCase: caseWriter(options.out || BENCH_OUT, run.sizeLabel), log: console.log }): Promise<0 | 1> {
  const out = options.out || BENCH_OUT;
  const sizes = (options.sizes || GPU_SIZES).split(',').filter(Boolean).map(run.parseSize);
  const iterations = Number(options.iterations) || ITERATIONS;
  const warmup = Number(options.warmup || WARMUP);
  const lossEvery = Number(options['loss-every']) || LOSS_EVERY;
  const threads = Number(options.threads) || 1;
  local.log(`stylegraph bench --gpu: ${sizes.map(run.sizeLabel).join(', ')}; ${iterations} iterations, the first ${warmup} left out of s/iter; weights: generated full-width VGG-19 (seed ${WEIGHT_SEED})`);

  const webgpu = await run.probeWebgpu();
  const webgpuSkipped = webgpuSkip(webgpu);
  const adapter = 'adapter' in webgpu ? webgpu.adapter : '';
  local.log(webgpuSkipped ? `webgpu: skipped: ${webgpuSkipped}` : `webgpu: adapter ${adapter}`);
  const cuda: CudaProbe = options['no-torch'] ? { missing: '--no-torch' } : await local.probeCuda();
  const cudaSkipped = cudaSkip(cuda);
  local.log(cudaSkipped ? `PyTorch CUDA: skipped: ${cudaSkipped}` : `PyTorch CUDA: ${'device' in cuda ? `torch ${cuda.torch} on ${cuda.device}` : ''}`);

  const rows: GpuRow[] = [];
  for (const size of sizes) {
    const label = run.sizeLabel(size);
    const caseDir = webgpuSkipped && cudaSkipped ? null : await local.writeCase(size, iterations);
    let torch: TorchRun | null = null;
    let torchSeconds: number | null = null;
    if (cudaSkipped || !caseDir) rows.push(emptyRow(label, 'PyTorch CUDA', iterations, 'skipped', `skipped: ${cudaSkipped}`));
    else {
      try {
        torch = await run.runTorch(caseDir, iterations, threads, 'cuda');
        torchSeconds = median(torch.iterationSeconds.slice(warmup));
        local.log(`  PyTorch CUDA ${label}: ${num(torchSeconds)} s/iter`);
        rows.push({ size: label, engine: `PyTorch ${torch.torch} ${torch.device}`, status: 'ran', iterations, secondsPerIteration: torchSeconds, ratio: 1, cpuPeakMiB: torch.peakMiB, gpuPeakMiB: torch.gpuPeakMiB, gate: null });
      } catch (e) {
        local.log(`  PyTorch CUDA ${label}: failed: ${firstLine(e)}`);
        rows.push(emptyRow(label, 'PyTorch CUDA', iterations, 'failed', `failed: ${firstLine(e)}`));
      }
    }
    if (webgpuSkipped || !caseDir) {
      rows.push(emptyRow(label, 'tfjs webgpu', iterations, 'skipped', `skipped: ${webgpuSkipped}`));
      continue;
    }
    const engine = `tfjs webgpu (${adapter})`;
    try {
      const r = await run.runChild({ backend: 'webgpu', size, iterations, caseDir, lossEvery, previewEvery: 2 * lossEvery, convolution: 'conv3x3' });
      const s = median(r.iterationSeconds.slice(0, iterations).slice(warmup));
      const agreement = torch ? run.lossAgreement(r.losses, torch.losses) : null;
      const gate = agreement ? { ...agreement, pass: agreement.maxRelativeDifference <= run.GATE_TOLERANCE } : null;
      local.log(`  webgpu ${label}: ${num(s)} s/iter; gate ${gate ? `${gate.pass ? 'PASS' : 'FAIL'} ${gate.maxRelativeDifference.toExponential(2)}` : '- (no PyTorch CUDA)'}`);
      // tfjs reports no GPU memory high-water mark to the child yet; its CPU peak (VmHWM) is here.
      rows.push({ size: label, engine, status: 'ran', iterations, secondsPerIteration: s, ratio: torchSeconds ? s / torchSeconds : null, cpuPeakMiB: r.peakMiB, gpuPeakMiB: r.gpuPeakMiB ?? null, gate });
    } catch (e) {
      local.log(`  webgpu ${label}: failed: ${firstLine(e)}`);
      rows.push(emptyRow(label, engine, iterations, 'failed', `failed: ${firstLine(e)}`));
    }
  }

  const table = gpuTable(rows);
  await mkdir(out, { recursive: true });
  await writeFile(join(out, 'gpu-results.json'), JSON.stringify({ date: new Date().toISOString(), weights: `generated full-width VGG-19, seed ${WEIGHT_SEED}`, gateTolerance: run.GATE_TOLERANCE, iterations, warmup, lossEvery, webgpu, cuda, rows }, null, 2) + '\n');
  await writeFile(join(out, 'gpu-results.md'), table + '\n');
  const code = exitCodeOf(rows);
  const gated = rows.some((r) => r.gate);
  local.log(`\n${table}\n\nWrote ${join(out, 'gpu-results.json')} and gpu-results.md.`);
  local.log(gated ? `Correctness gate (first ${run.GATE_ITERATIONS} total losses within ${run.GATE_TOLERANCE} relative of PyTorch CUDA): ${rows.some((r) => r.gate?.pass === false) ? 'FAIL' : 'PASS'}` : 'Correctness gate: not run (it needs both webgpu and PyTorch CUDA)');
  if (rows.every((r) => r.status === 'skipped')) local.log('Nothing ran: no GPU here (exit 0).');
  return code;
}
