import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { cudaProbeOf, cudaSkip, gpuBench, webgpuSkip, type CudaProbe, type LocalParts, type RunParts, type WebgpuProbe } from '../../bench/gpu';
import { GATE_ITERATIONS, GATE_TOLERANCE, lossAgreement } from '../../bench/run';
import type { ChildRequest, ChildResult } from '../../bench/child';
import { tempFolder } from '../helpers/temp-folder';

const NO_DAWN_DEVICE: WebgpuProbe = { missing: 'no WebGPU adapter (Dawn found no Vulkan device; see bench/README.md)' };
const LAVAPIPE: WebgpuProbe = { adapter: 'mesa llvmpipe (LLVM 19.1.7, 256 bits)', software: true };
const NVIDIA: WebgpuProbe = { adapter: 'nvidia ampere NVIDIA H200', software: false };
const CPU_TORCH: CudaProbe = { torch: '1.13.0a0', cuda: null, available: false, device: null };
const CUDA_TORCH: CudaProbe = { torch: '2.5.1', cuda: '12.4', available: true, device: 'NVIDIA H200' };

test('webgpu runs only on a hardware adapter: no adapter and a software Vulkan are both skipped with the reason', () => {
  assert.equal(webgpuSkip(NO_DAWN_DEVICE), 'no hardware WebGPU adapter (no WebGPU adapter (Dawn found no Vulkan device; see bench/README.md))');
  assert.equal(webgpuSkip(LAVAPIPE), 'no hardware WebGPU adapter (only "mesa llvmpipe (LLVM 19.1.7, 256 bits)", a software Vulkan that runs on the CPU)');
  assert.equal(webgpuSkip(NVIDIA), undefined);
});

test('PyTorch CUDA is skipped when torch is missing, CPU-only, or sees no device', () => {
  assert.equal(cudaSkip({ missing: 'python3-torch is not installed' }), 'python3-torch is not installed');
  assert.equal(cudaSkip(CPU_TORCH), 'torch.cuda.is_available() is False (torch 1.13.0a0, a CPU-only build)');
  assert.equal(cudaSkip({ ...CUDA_TORCH, available: false, device: null }), 'torch.cuda.is_available() is False (torch 2.5.1, built for CUDA 12.4, but no usable device)');
  assert.equal(cudaSkip(CUDA_TORCH), undefined);
});

test('the CUDA probe\'s output is read from its last line; anything else is a reason', () => {
  assert.deepEqual(cudaProbeOf('warning: something\n{"torch": "2.5.1", "cuda": "12.4", "available": true, "device": "NVIDIA H200"}\n'), CUDA_TORCH);
  assert.deepEqual(cudaProbeOf('{"torch": "1.13.0a0", "cuda": null, "available": false, "device": null}'), CPU_TORCH);
  assert.deepEqual(cudaProbeOf('Segmentation fault'), { missing: 'the CUDA probe printed no result: "Segmentation fault"' });
});

interface Fakes {
  webgpu: WebgpuProbe;
  cuda: CudaProbe;
  /** Losses webgpu reports (PyTorch reports 100, 90, 80, ...). */
  webgpuLosses?: number[];
  childFails?: string;
}

/** gpuBench with fake engines: what it printed, the runs it started, its exit status and its table file. */
async function bench(f: Fakes): Promise<{ code: number; lines: string[]; started: string[]; md: string }> {
  const out = tempFolder('stylegraph-bench-gpu-');
  const lines: string[] = [];
  const started: string[] = [];
  const torchLosses = Array.from({ length: 20 }, (_, i) => 100 - i);
  const parts: RunParts = {
    probeWebgpu: async () => f.webgpu,
    runChild: async (req: ChildRequest): Promise<ChildResult> => {
      started.push(`webgpu ${req.size.join('x')} ${req.caseDir}`);
      if (f.childFails) throw new Error(f.childFails);
      // 0.3 s per iteration after 5 slow warm-up iterations.
      return { backend: 'webgpu', losses: f.webgpuLosses ?? torchLosses, iterationSeconds: Array.from({ length: 20 }, (_, i) => (i < 5 ? 9 : 0.3)), setupSeconds: 1, firstPreviewSeconds: 2, tensorsPerIteration: 0, peakMiB: 900 };
    },
    runTorch: async (caseDir, iterations, _threads, device) => {
      started.push(`torch ${device} ${caseDir}`);
      return { losses: torchLosses, iterationSeconds: Array.from({ length: iterations }, (_, i) => (i < 5 ? 5 : 0.1)), peakMiB: 2000, torch: '2.5.1', device: 'cuda NVIDIA H200', gpuPeakMiB: 1234 };
    },
    lossAgreement,
    parseSize: (s) => (s.includes('x') ? (s.split('x').map(Number) as [number, number]) : [Number(s), Number(s)]),
    sizeLabel: ([h, w]) => `${w}x${h}`,
    GATE_TOLERANCE,
    GATE_ITERATIONS,
  };
  const local: LocalParts = {
    probeCuda: async () => f.cuda,
    writeCase: async (size) => {
      started.push(`case ${size.join('x')}`);
      return `/cases/${size.join('x')}`;
    },
    log: (line) => lines.push(...line.split('\n')),
  };
  try {
    const code = await gpuBench({ out }, parts, local);
    return { code, lines, started, md: readFileSync(join(out, 'gpu-results.md'), 'utf8') };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

test('without a GPU: one skip line per engine, skipped rows at both sizes, nothing started, exit 0', async () => {
  const r = await bench({ webgpu: NO_DAWN_DEVICE, cuda: CPU_TORCH });
  assert.equal(r.code, 0);
  assert.deepEqual(r.started, []);
  assert.deepEqual(r.lines.filter((l) => /skipped: /.test(l) && !l.startsWith('|')), [
    'webgpu: skipped: no hardware WebGPU adapter (no WebGPU adapter (Dawn found no Vulkan device; see bench/README.md))',
    'PyTorch CUDA: skipped: torch.cuda.is_available() is False (torch 1.13.0a0, a CPU-only build)',
  ]);
  const rows = r.md.trim().split('\n').slice(2);
  assert.deepEqual(rows.map((l) => l.split(' | ').slice(0, 2).join(' | ')), ['| 400x300 | PyTorch CUDA (skipped: torch.cuda.is_available() is False (torch 1.13.0a0, a CPU-only build))', '| 400x300 | tfjs webgpu (skipped: no hardware WebGPU adapter (no WebGPU adapter (Dawn found no Vulkan device; see bench/README.md)))', '| 1024x1024 | PyTorch CUDA (skipped: torch.cuda.is_available() is False (torch 1.13.0a0, a CPU-only build))', '| 1024x1024 | tfjs webgpu (skipped: no hardware WebGPU adapter (no WebGPU adapter (Dawn found no Vulkan device; see bench/README.md)))']);
  assert.ok(r.lines.includes('Correctness gate: not run (it needs both webgpu and PyTorch CUDA)'));
  assert.ok(r.lines.includes('Nothing ran: no GPU here (exit 0).'));
});

test('a software adapter is no GPU: with CUDA present only PyTorch runs, at both sizes, with no gate and exit 0', async () => {
  const r = await bench({ webgpu: LAVAPIPE, cuda: CUDA_TORCH });
  assert.equal(r.code, 0);
  assert.deepEqual(r.started, ['case 300x400', 'torch cuda /cases/300x400', 'case 1024x1024', 'torch cuda /cases/1024x1024']);
  assert.match(r.md, /\| 400x300 \| PyTorch 2\.5\.1 cuda NVIDIA H200 \| 20 \| 0\.100 \| 1\.00 \| 2000 \| 1234 \| - \|/);
  assert.match(r.md, /\| 400x300 \| tfjs webgpu \(skipped: no hardware WebGPU adapter \(only "mesa llvmpipe/);
});

test('on a GPU both run at each size; the ratio uses the PyTorch CUDA run before it and the gate passes on agreeing losses', async () => {
  const r = await bench({ webgpu: NVIDIA, cuda: CUDA_TORCH, webgpuLosses: Array.from({ length: 20 }, (_, i) => (100 - i) * (1 + 2e-4)) });
  assert.equal(r.code, 0);
  assert.deepEqual(r.started, ['case 300x400', 'torch cuda /cases/300x400', 'webgpu 300x400 /cases/300x400', 'case 1024x1024', 'torch cuda /cases/1024x1024', 'webgpu 1024x1024 /cases/1024x1024']);
  assert.match(r.md, /\| 1024x1024 \| tfjs webgpu \(nvidia ampere NVIDIA H200\) \| 20 \| 0\.300 \| 3\.00 \| 900\.0 \| - \| PASS 2\.0e-4 \(n=10\) \|/);
  assert.ok(r.lines.includes(`Correctness gate (first 10 total losses within ${GATE_TOLERANCE} relative of PyTorch CUDA): PASS`));
});

test('a gate that ran and failed, or a run that failed, exits 1', async () => {
  const drifted = await bench({ webgpu: NVIDIA, cuda: CUDA_TORCH, webgpuLosses: Array.from({ length: 20 }, (_, i) => (100 - i) * 1.01) });
  assert.equal(drifted.code, 1);
  assert.match(drifted.md, /\| 400x300 \| tfjs webgpu \(nvidia ampere NVIDIA H200\) \| 20 \| 0\.300 \| 3\.00 \| 900\.0 \| - \| FAIL 1\.0e-2 \(n=10\) \|/);
  const crashed = await bench({ webgpu: NVIDIA, cuda: { missing: '--no-torch' }, childFails: 'GPUBuffer size exceeds the limit\n  at ...' });
  assert.equal(crashed.code, 1);
  assert.match(crashed.md, /\| 400x300 \| tfjs webgpu \(nvidia ampere NVIDIA H200\) \(failed: GPUBuffer size exceeds the limit\) \| 20 \| - \|/);
});
