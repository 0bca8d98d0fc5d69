/**
 * Winograd against the direct convolution, forward, per VGG-19 layer shape at 300x400, on the wasm
 * backend: `node out/bench/winograd.js [--rounds 5] [--threads 2] [--layers conv3_2,conv4_2]`.
 * Every round times each method once on each shape, in turn (a busy machine then slows all alike);
 * the table has the median per method, each timing ending with dataSync. `gemm` is the Winograd
 * F(2x2) run's matMuls alone (on ready transformed inputs), so F(2x2) less gemm is its transforms.
 * The error column is max |winograd - conv2d| / max |conv2d| on these inputs.
 */
import * as tf from '@tensorflow/tfjs-core';
import { parseArgs } from 'node:util';
import { useBackend } from '../src/node/backend';
import { F2X2_3X3, F4X4_3X3, disposeWinogradKernel, winogradConv3x3, winogradKernel, type WinogradKernel } from './winograd-conv';
import { mulberry32 } from '../test/helpers/weight-files';

const LAYERS: Record<string, [number, number, number, number]> = {
  conv1_2: [300, 400, 64, 64],
  conv2_2: [150, 200, 128, 128],
  conv3_2: [75, 100, 256, 256],
  conv4_2: [37, 50, 512, 512],
  conv5_1: [18, 25, 512, 512],
};

const FUSED_ATTRS: Record<string, string | number[]> = { strides: [1, 1], pad: 'same', dataFormat: 'NHWC', dilations: [1, 1], activation: 'relu' };

interface Case {
  readonly name: string;
  readonly x: tf.Tensor4D;
  readonly kernel: tf.Tensor4D;
  readonly bias: tf.Tensor1D;
  readonly f2: WinogradKernel;
  readonly f4: WinogradKernel;
  /** The F(2x2) transformed inputs, for timing its matMuls alone. */
  readonly v: tf.Tensor2D[];
}

const METHODS: Record<string, (c: Case) => tf.Tensor> = {
  'conv2d': (c) => tf.conv2d(c.x, c.kernel, 1, 'same'),
  'fused+relu': (c) => tf.engine().runKernel('FusedConv2D', { x: c.x, filter: c.kernel, bias: c.bias }, FUSED_ATTRS) as tf.Tensor,
  'F(2x2)': (c) => winogradConv3x3(c.x, c.f2),
  'F(4x4)': (c) => winogradConv3x3(c.x, c.f4),
  'gemm': (c) => tf.tidy(() => tf.concat(c.v.map((v, k) => tf.slice(tf.matMul(v, c.f2.components[k]!), [0, 0], [1, -1])))),
};

function uniform(shape: number[], seed: number, lo: number, hi: number): tf.Tensor {
  const r = mulberry32(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({ length: n }, () => lo + (hi - lo) * r()), shape);
}

function makeCase(name: string, [h, w, cin, cout]: [number, number, number, number], seed: number): Case {
  // Post-ReLU-like activations and He-scaled weights, as in VGG.
  const x = uniform([1, h, w, cin], seed, 0, 1) as tf.Tensor4D;
  const bound = Math.sqrt(6 / (9 * cin));
  const kernel = uniform([3, 3, cin, cout], seed + 1, -bound, bound) as tf.Tensor4D;
  const tiles = Math.ceil(h / 2) * Math.ceil(w / 2);
  const v = Array.from({ length: 16 }, (_, k) => uniform([tiles, cin], seed + 2 + k, -1, 1) as tf.Tensor2D);
  return { name, x, kernel, bias: uniform([cout], seed + 20, -0.1, 0.1) as tf.Tensor1D, f2: winogradKernel(kernel, F2X2_3X3), f4: winogradKernel(kernel, F4X4_3X3), v };
}

function timeOnce(run: () => tf.Tensor): number {
  const start = performance.now();
  const y = run();
  y.dataSync();
  const ms = performance.now() - start;
  y.dispose();
  return ms;
}

function relativeError(c: Case, kernel: WinogradKernel): number {
  return tf.tidy(() => {
    const reference = tf.conv2d(c.x, c.kernel, 1, 'same');
    return tf.max(tf.abs(tf.sub(winogradConv3x3(c.x, kernel), reference))).dataSync()[0]! / tf.max(tf.abs(reference)).dataSync()[0]!;
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

export async function main(): Promise<void> {
  const { values } = parseArgs({ options: { rounds: { type: 'string', default: '5' }, threads: { type: 'string', default: '2' }, layers: { type: 'string', default: Object.keys(LAYERS).join(',') } } });
  await useBackend('wasm', { threads: Number(values.threads) });
  const names = values.layers!.split(',');
  const unknown = names.filter((n) => !(n in LAYERS));
  if (unknown.length > 0) throw new Error(`--layers: unknown layer ${unknown.join(', ')} (known: ${Object.keys(LAYERS).join(', ')})`);
  const cases = names.map((name, i) => makeCase(name, LAYERS[name]!, 100 * (i + 1)));
  const times = new Map(cases.map((c) => [c.name, new Map(Object.keys(METHODS).map((m) => [m, [] as number[]]))]));
  for (let round = -1; round < Number(values.rounds); round++) {
    for (const c of cases) {
      for (const [method, run] of Object.entries(METHODS)) {
        const ms = timeOnce(() => run(c));
        if (round >= 0) times.get(c.name)!.get(method)!.push(ms); // round -1 warms up
      }
    }
  }
  console.log(`wasm, ${values.threads} threads, median of ${values.rounds} rounds (ms); speedup = conv2d / method`);
  console.log(['layer', 'shape', ...Object.keys(METHODS), 'F2 speedup', 'F4 speedup', 'F2 rel err', 'F4 rel err'].join('\t'));
  for (const c of cases) {
    const med = new Map([...times.get(c.name)!].map(([m, ts]) => [m, median(ts)]));
    const direct = med.get('conv2d')!;
    console.log([c.name, LAYERS[c.name]!.join('x'), ...[...med.values()].map((t) => t.toFixed(1)), (direct / med.get('F(2x2)')!).toFixed(2), (direct / med.get('F(4x4)')!).toFixed(2), relativeError(c, c.f2).toExponential(1), relativeError(c, c.f4).toExponential(1)].join('\t'));
  }
  for (const c of cases) {
    tf.dispose([c.x, c.kernel, c.bias, ...c.v]);
    disposeWinogradKernel(c.f2);
    disposeWinogradKernel(c.f4);
  }
}

void main();
