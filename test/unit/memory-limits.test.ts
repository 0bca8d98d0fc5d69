import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBackend } from '../../src/node/backend';
import { WASM_HEAP_BYTES, backendMemoryLimits, gpuBufferLimit } from '../../src/core/run/memory-limits';

const MiB = 2 ** 20;

test('a GPU\'s tensor limit is the smaller of its binding and buffer sizes, named; none without either', () => {
  assert.deepEqual(gpuBufferLimit({ maxStorageBufferBindingSize: 128 * MiB, maxBufferSize: 256 * MiB }), { bytes: 128 * MiB, what: "the WebGPU device's largest storage buffer binding (maxStorageBufferBindingSize)" });
  assert.deepEqual(gpuBufferLimit({ maxStorageBufferBindingSize: 512 * MiB, maxBufferSize: 256 * MiB }), { bytes: 256 * MiB, what: "the WebGPU device's largest buffer (maxBufferSize)" });
  assert.equal(gpuBufferLimit({ maxStorageBufferBindingSize: 64 * MiB })!.bytes, 64 * MiB);
  assert.equal(gpuBufferLimit({ maxBufferSize: 32 * MiB })!.bytes, 32 * MiB);
  assert.equal(gpuBufferLimit({}), undefined);
  assert.equal(gpuBufferLimit(undefined), undefined);
});

test('wasm: its 4 GiB heap limits all tensors, or the host when it has less; cpu: only the host', async () => {
  await useBackend('wasm', { threads: 1 });
  const heap = { bytes: WASM_HEAP_BYTES, what: "the wasm backend's heap" };
  assert.equal(WASM_HEAP_BYTES, 4 * 2 ** 30);
  assert.deepEqual(backendMemoryLimits(), { total: heap });
  assert.deepEqual(backendMemoryLimits({ bytes: 8 * 2 ** 30, what: 'the host' }), { total: heap });
  assert.deepEqual(backendMemoryLimits({ bytes: 2 ** 30, what: 'the host' }), { total: { bytes: 2 ** 30, what: 'the host' } });
  await useBackend('cpu');
  assert.deepEqual(backendMemoryLimits(), {});
  assert.deepEqual(backendMemoryLimits({ bytes: 8 * 2 ** 30, what: 'the host' }), { total: { bytes: 8 * 2 ** 30, what: 'the host' } });
});
