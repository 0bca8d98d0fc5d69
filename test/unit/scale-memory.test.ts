import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useBackend } from '../../src/node/backend';
import { VggModel } from '../../src/core/model/vgg-model';
import { compile } from '../../src/core/compile/plan';
import { validateGraph } from '../../src/core/graph/validate';
import { inferShapes } from '../../src/core/graph/shapes';
import type { Graph } from '../../src/core/graph/types';
import { VGG19_BLOCK_WIDTHS } from '../../src/core/model/vgg19';
import { estimateMemory, memoryProblem } from '../../src/core/run/memory-estimate';
import { WASM_HEAP_BYTES, backendMemoryLimits, gpuBufferLimit } from '../../src/core/run/memory-limits';
import { scaleLadder, scaledGraph, type ScaleShapes } from '../../src/core/run/pyramid';
import { runGraph, RunMemoryError } from '../../src/core/run/executor';
import { randomVggWeights } from '../helpers/weight-files';
import { seedEnvironment, seedGraph, withParams } from '../helpers/seed-run';

const FULL = VGG19_BLOCK_WIDTHS.flat();
const ADAM = { method: 'adam', historySize: 10 };
const GiB = 2 ** 30;

/** The scales of a graph as the executor plans them (no files: every size is in the graph). */
function scalesOf(graph: Graph, minSize = 0): ScaleShapes[] {
  const shapes = (g: Graph) => {
    const { index, order } = validateGraph(g);
    return new Map([...inferShapes(order, index, new Set()).shapes].map(([n, s]) => [n.id, s]));
  };
  const generated = shapes(graph).get('generated') as { height: number; width: number };
  const final = [generated.height, generated.width] as const;
  return scaleLadder(minSize, final).map((size) => {
    const g = scaledGraph(graph, Math.min(...size) / Math.min(...final), new Map());
    return { plan: compile(g), size, shapes: shapes(g) };
  });
}

test('the estimate: the seed fits the wasm heap at 1024x1024, not at 2048x2048; it grows with the area', () => {
  const at = (n: number) => estimateMemory(scalesOf(seedGraph({ size: [n, n] })), FULL, ADAM);
  const [e512, e1024, e2048] = [at(512), at(1024), at(2048)];
  assert.ok(e1024.bytes < WASM_HEAP_BYTES && e2048.bytes > WASM_HEAP_BYTES, `${e1024.bytes / GiB} and ${e2048.bytes / GiB} GiB`);
  // Weights and targets are fixed; the rest is four times as large each time the side doubles.
  const ratio = (e2048.bytes - e1024.bytes) / (e1024.bytes - e512.bytes);
  assert.ok(ratio > 3.9 && ratio < 4.1, `ratio ${ratio}`);
  // The largest tensor is a conv1 activation of the generated (or content) image: 1x2048x2048x64 floats.
  assert.equal(e2048.largest.bytes, 2048 * 2048 * 64 * 4);
  assert.match(e2048.largest.what, /conv1_1 activations of "\w+\.image" \(1x2048x2048x64\)/);
  assert.deepEqual(e2048.size, [2048, 2048]);
});

test('multi-scale: the peak is at the last scale, and every scale\'s targets count (they stay cached)', () => {
  const one = estimateMemory(scalesOf(seedGraph({ size: [256, 256] })), FULL, ADAM);
  const three = estimateMemory(scalesOf(seedGraph({ size: [256, 256] }), 128), FULL, ADAM);
  assert.deepEqual(three.size, [256, 256]);
  assert.ok(three.bytes > one.bytes && three.bytes < one.bytes * 1.1, `${one.bytes} vs ${three.bytes}`);
  // L-BFGS keeps 2 x historySize images.
  const lbfgs = estimateMemory(scalesOf(seedGraph({ size: [256, 256] })), FULL, { method: 'lbfgs', historySize: 10 });
  assert.equal(lbfgs.bytes - one.bytes, 4 * 256 * 256 * 3 * (26 - 8));
});

test('the refusal names the size, the estimate and the limit; per-tensor limits name the tensor', () => {
  const big = estimateMemory(scalesOf(seedGraph({ size: [2048, 2048] })), FULL, ADAM);
  assert.equal(memoryProblem(big, { total: { bytes: WASM_HEAP_BYTES, what: "the wasm backend's heap" } }),
    `this run does not fit in memory: at 2048x2048 it needs about ${(big.bytes / GiB).toFixed(1)} GiB of tensors, more than the wasm backend's heap (4.0 GiB); run it smaller (--size)`);
  // The estimate itself is the threshold.
  assert.notEqual(memoryProblem(big, { total: { bytes: big.bytes - 1, what: 'x' } }), undefined);
  assert.equal(memoryProblem(big, { total: { bytes: big.bytes, what: 'x' } }), undefined);
  // Lavapipe's 128 MiB storage buffers: 2048x2048 does not fit on it, a GPU's 2 GiB does.
  const lavapipe = gpuBufferLimit({ maxStorageBufferBindingSize: 128 * 2 ** 20, maxBufferSize: 256 * 2 ** 20 })!;
  assert.equal(lavapipe.bytes, 128 * 2 ** 20);
  assert.match(memoryProblem(big, { tensor: lavapipe })!, /its largest tensor, the conv1_1 activations of "\w+\.image" \(1x2048x2048x64\), takes 1\.0 GiB, more than the WebGPU device's largest storage buffer binding \(maxStorageBufferBindingSize\) \(128 MiB\)/);
  assert.equal(memoryProblem(big, { tensor: gpuBufferLimit({ maxStorageBufferBindingSize: 2 ** 31 - 1, maxBufferSize: 2 ** 32 }) }), undefined);
  assert.equal(gpuBufferLimit({ maxBufferSize: 2 ** 28 })!.what, "the WebGPU device's largest buffer (maxBufferSize)");
  assert.equal(gpuBufferLimit(undefined), undefined);
});

let model: VggModel;
before(async () => {
  await useBackend('cpu');
  model = new VggModel(randomVggWeights(1));
});
after(() => model.dispose());

test('a run that would not fit is refused before any work, with its estimate', async () => {
  // The cpu backend has no limit of its own: the host's budget is the limit.
  assert.deepEqual(backendMemoryLimits(), {});
  assert.deepEqual(backendMemoryLimits({ bytes: 2 ** 20, what: 'the budget' }), { total: { bytes: 2 ** 20, what: 'the budget' } });
  const env = { ...seedEnvironment(model), memoryBudget: { bytes: 2 ** 20, what: 'the memory budget ($STYLEGRAPH_MEMORY_MB)' } };
  let progressed = false;
  await assert.rejects(runGraph(withParams(seedGraph(), 'adam', { minSize: 16 }), env, { onProgress: () => (progressed = true) }), (e: Error) => {
    assert.ok(e instanceof RunMemoryError);
    assert.match(e.message, /^this run does not fit in memory: at 24x32 it needs about \d+ MiB of tensors, more than the memory budget \(\$STYLEGRAPH_MEMORY_MB\) \(1 MiB\); run it smaller \(--size\)$/);
    assert.deepEqual(e.estimate.size, [24, 32]);
    return true;
  });
  assert.equal(progressed, false);
  const fits = await runGraph(seedGraph({ iterations: 1 }), { ...env, memoryBudget: { bytes: 2 ** 30, what: 'a budget' } });
  assert.equal(fits.status, 'done');
  assert.ok(fits.stats.memory.bytes > 0 && fits.stats.memory.bytes < 2 ** 30);
});
