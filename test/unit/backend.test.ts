import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { computeThreads, defaultWasmThreads, resolveBackend, useBackend } from '../../src/node/backend';
import { FIXTURES, REPO } from '../helpers/paths';

/** Runs `fn` with these environment variables (undefined: unset), then puts them back. */
function withEnv<T>(vars: Record<string, string | undefined>, fn: () => T): T {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const set = (values: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) Reflect.deleteProperty(process.env, k);
      else process.env[k] = v;
    }
  };
  set(vars);
  try {
    return fn();
  } finally {
    set(saved);
  }
}

test('a backend named is the backend used, and nothing is said', () => {
  const lines: string[] = [];
  assert.equal(resolveBackend('wasm', (l) => lines.push(l)), 'wasm');
  assert.equal(resolveBackend('cpu', (l) => lines.push(l)), 'cpu');
  assert.deepEqual(lines, []);
});

test('auto is onnx where onnxruntime\'s library loads (here), and says so', () => {
  const lines: string[] = [];
  assert.equal(resolveBackend('auto', (l) => lines.push(l)), 'onnx');
  assert.deepEqual(lines, ['backend auto: onnx (onnxruntime-node loads here)']);
});

test('auto is wasm where onnxruntime\'s library does not load, and says why', () => {
  const script = `const lines = []; const b = require(${JSON.stringify(join(REPO, 'out', 'src', 'node', 'backend.js'))}).resolveBackend('auto', (l) => lines.push(l)); process.stdout.write(JSON.stringify([b, lines]));`;
  const [backend, lines] = JSON.parse(execFileSync(process.execPath, ['--require', join(FIXTURES, 'no-onnxruntime.js'), '-e', script], { encoding: 'utf8' })) as [string, string[]];
  assert.equal(backend, 'wasm');
  assert.equal(lines.length, 1);
  assert.match(lines[0]!, /^backend auto: the onnx backend could not load onnxruntime-node's native library for .*\(use --backend wasm\); using wasm$/);
});

test('threads: STYLEGRAPH_THREADS when it is a positive whole number, else one per CPU', () => {
  assert.equal(withEnv({ STYLEGRAPH_THREADS: '3' }, computeThreads), 3);
  for (const bad of [undefined, '', '0', '-2', '1.5', 'many']) {
    assert.equal(withEnv({ STYLEGRAPH_THREADS: bad }, computeThreads), availableParallelism(), String(bad));
  }
});

test('wasm threads: STYLEGRAPH_WASM_THREADS, else the compute threads, at most 8', () => {
  assert.equal(withEnv({ STYLEGRAPH_WASM_THREADS: '2', STYLEGRAPH_THREADS: '6' }, defaultWasmThreads), 2);
  assert.equal(withEnv({ STYLEGRAPH_WASM_THREADS: '12' }, defaultWasmThreads), 8);
  assert.equal(withEnv({ STYLEGRAPH_WASM_THREADS: 'x', STYLEGRAPH_THREADS: '5' }, defaultWasmThreads), 5);
  assert.equal(withEnv({ STYLEGRAPH_WASM_THREADS: undefined, STYLEGRAPH_THREADS: '20' }, defaultWasmThreads), 8);
});

test('useBackend selects tfjs\'s backend: cpu, and wasm for onnx (VGG-19 aside, the graph runs on wasm)', async () => {
  await useBackend('cpu');
  assert.equal(tf.getBackend(), 'cpu');
  await useBackend('onnx', { threads: 1 });
  assert.equal(tf.getBackend(), 'wasm');
  assert.deepEqual(tf.add(tf.tensor([1, 2]), tf.tensor([3, 4])).arraySync(), [4, 6]);
});
