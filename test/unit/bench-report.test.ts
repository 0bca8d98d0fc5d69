import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpuInfo, cpuLine } from '../../bench/cpu-info';
import { roundMedians, roundMediansLine } from '../../bench/round-medians';
import { phaseOf } from '../../bench/native-profile';

test('cpu-info: the model and the vector extensions that pick kernels, from /proc/cpuinfo', () => {
  const epyc = 'processor\t: 0\nmodel name\t: AMD EPYC 9R14\nflags\t\t: fpu sse avx avx2 fma avx512f avx512dq avx512_vnni avx512_bf16\n';
  const info = cpuInfo(epyc);
  assert.equal(info.model, 'AMD EPYC 9R14');
  assert.deepEqual(info.extensions, ['AVX2', 'FMA', 'AVX-512', 'AVX-512 VNNI', 'AVX-512 BF16']);
  assert.match(cpuLine(info), /^\d+ x AMD EPYC 9R14 \(AVX2, FMA, AVX-512, AVX-512 VNNI, AVX-512 BF16\)$/);
  assert.deepEqual(cpuInfo('model name\t: Intel(R) Xeon(R)\nflags\t\t: avx avx2 fma\n').extensions, ['AVX2', 'FMA'], 'AVX2 without AVX-512');
  assert.deepEqual(cpuInfo('CPU implementer\t: 0x41\nFeatures\t: fp asimd evtstrm\n').extensions, ['NEON'], 'arm64 names them Features');
  assert.match(cpuLine({ model: 'x', cpus: 1, extensions: [] }), /vector extensions unknown/);
});

test('round medians: per size and engine, the median time ratio and the peak memory against the PyTorch run beside each round', () => {
  const engine = (size: string, ratio: number, peakMiB: number) => ({ size, engine: 'onnxruntime, whole iteration', backend: 'onnx', ratio, peakMiB });
  const torch = (size: string, peakMiB: number) => ({ size, engine: 'PyTorch 1.13 (2 threads, next to onnx)', ratio: 1, peakMiB });
  const rows = [
    engine('128x128', 0.43, 395), torch('128x128', 381),
    engine('128x128', 0.39, 389), torch('128x128', 381),
    engine('128x128', 0.9, 600), torch('128x128', 300),
    engine('400x300', 0.6, 800), torch('400x300', 800),
    { size: '400x300', engine: 'tfjs wasm', backend: 'wasm', ratio: 3, peakMiB: 1000 },
  ];
  const medians = roundMedians(rows);
  assert.deepEqual(medians.map((m) => [m.size, m.engine, m.rounds]), [['128x128', 'onnxruntime, whole iteration', 3], ['400x300', 'onnxruntime, whole iteration', 1], ['400x300', 'tfjs wasm', 1]]);
  assert.equal(medians[0]!.ratio, 0.43);
  assert.ok(Math.abs(medians[0]!.memoryRatio! - 395 / 381) < 1e-12, 'the middle of 389/381, 395/381 and 600/300');
  assert.equal(medians[1]!.memoryRatio, 1);
  assert.equal(medians[2]!.memoryRatio, null, 'no PyTorch run beside it');
  assert.equal(roundMediansLine(medians[0]!), "128x128, onnxruntime, whole iteration: 0.43x PyTorch's time, 1.04x its peak memory (median of 3 rounds)");
});

test('profile phases: from a node\'s name (phase/Op_n), or for a node onnxruntime made, from its output (phase.op_n; features_* are the forward pass); its own reorders otherwise', () => {
  assert.equal(phaseOf('vgg backward/Where_433'), 'vgg backward');
  assert.equal(phaseOf('vgg-forward.relu_171_nchwc'), 'vgg forward');
  assert.equal(phaseOf('loss-gradients.matmul_12'), 'loss gradients');
  assert.equal(phaseOf('features_0_4_nchwc'), 'vgg forward');
  assert.equal(phaseOf('ReorderOutput_token_86'), 'reorders');
});
