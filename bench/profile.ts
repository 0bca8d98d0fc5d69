/**
 * Per-op profile of one Adam iteration of the seed graph: `node out/bench/profile.js [--backend wasm]
 * [--size 128] [--stock] [--threads 1]`. Profiles a 1-iteration and a 3-iteration run with tf.profile and halves
 * the difference, so the constant targets drop out.
 */
import * as tf from '@tensorflow/tfjs-core';
import { parseArgs } from 'node:util';
import { useBackend, type NodeBackend } from '../src/node/backend';
import { VggModel } from '../src/core/model/vgg-model';
import { wasmThreads } from '../src/node/wasm-threads';
import { runGraph } from '../src/core/run/executor';
import { randomVggWeights } from '../test/helpers/weight-files';
import { benchEnvironment, benchGraph, WEIGHT_SEED } from './common';

interface OpTotal { ms: number; calls: number }

async function profileRun(model: VggModel, size: [number, number], iterations: number): Promise<Map<string, OpTotal>> {
  const info = await tf.profile(async () => {
    await runGraph(benchGraph(size, iterations, { previewEvery: 0 }), benchEnvironment(model));
  });
  const totals = new Map<string, OpTotal>();
  for (const k of info.kernels) {
    const key = `${k.name} ${k.inputShapes.map((s) => `[${(s ?? []).join('x')}]`).join('')}`;
    const t = totals.get(key) ?? { ms: 0, calls: 0 };
    t.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    t.calls++;
    totals.set(key, t);
  }
  return totals;
}

export async function main(): Promise<void> {
  const { values } = parseArgs({ options: { threads: { type: 'string', default: '' }, backend: { type: 'string', default: 'wasm' }, size: { type: 'string', default: '128' }, stock: { type: 'boolean', default: false }, top: { type: 'string', default: '25' } } });
  await useBackend(values.backend as NodeBackend, values.threads ? { threads: Number(values.threads) } : {});
  const [h, w] = values.size!.includes('x') ? values.size!.split('x').map(Number) : [Number(values.size), Number(values.size)];
  const model = new VggModel(randomVggWeights(WEIGHT_SEED, 'full'), { convolution: values.stock ? 'stock' : 'conv3x3' });
  const size: [number, number] = [h!, w!];
  await profileRun(model, size, 1); // warm-up: kernel setup and first-call costs
  const one = await profileRun(model, size, 1);
  const three = await profileRun(model, size, 3);
  const perIter = new Map<string, OpTotal>();
  for (const [key, t] of three) {
    const o = one.get(key) ?? { ms: 0, calls: 0 };
    perIter.set(key, { ms: (t.ms - o.ms) / 2, calls: (t.calls - o.calls) / 2 });
  }
  const byOp = new Map<string, OpTotal>();
  for (const [key, t] of perIter) {
    const op = key.split(' ')[0]!;
    const s = byOp.get(op) ?? { ms: 0, calls: 0 };
    s.ms += t.ms;
    s.calls += t.calls;
    byOp.set(op, s);
  }
  // customGrad ops appear as a kernel of their own ('forward', 'unnamed scope') around the kernels
  // they run: listed, but left out of the total so nothing counts twice.
  const wrapper = (op: string) => op === 'forward' || op.startsWith('unnamed');
  const total = [...byOp].filter(([op]) => !wrapper(op)).reduce((a, [, t]) => a + t.ms, 0);
  const threads = values.backend === 'wasm' ? `, ${await wasmThreads()} thread(s)` : '';
  const label = `${values.backend} ${h}x${w}${threads}, ${values.stock ? 'stock tf.fused.conv2d and its gradients (Gram: gramMatrix)' : 'conv3x3 + gramMatrix custom gradients'}`;
  console.log(`\nPer-iteration kernel time, ${label}: ${(total / 1000).toFixed(2)} s\n`);
  console.log('| op | ms / iter | share | calls / iter |\n|---|---:|---:|---:|');
  for (const [op, t] of [...byOp].sort((a, b) => b[1].ms - a[1].ms)) {
    if (t.ms < total * 0.001 && t.calls === 0) continue;
    console.log(wrapper(op) ? `| (${op}: customGrad wrapper, not in total) | ${t.ms.toFixed(1)} | - | ${t.calls} |` : `| ${op} | ${t.ms.toFixed(1)} | ${((100 * t.ms) / total).toFixed(1)}% | ${t.calls} |`);
  }
  console.log(`\nTop ${values.top} op+shape entries:\n\n| op [input shapes] | ms / iter | calls |\n|---|---:|---:|`);
  for (const [key, t] of [...perIter].filter(([k]) => !wrapper(k.split(' ')[0]!)).sort((a, b) => b[1].ms - a[1].ms).slice(0, Number(values.top))) {
    console.log(`| ${key} | ${t.ms.toFixed(1)} | ${t.calls} |`);
  }
  model.dispose();
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
