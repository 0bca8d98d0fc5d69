import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Tensor } from 'onnxruntime-common';
import { checkOnnxRuntime, createOneOffSession, createSession, type OnnxSession } from '../../src/node/onnx/onnx-runtime';
import { OnnxGraph } from '../../src/node/onnx/onnx-graph';
import { FIXTURES, REPO } from '../helpers/paths';
import { mulberry32 } from '../helpers/weight-files';
import { tempFolder } from '../helpers/temp-folder';

const N = 20;
const r = mulberry32(3);
/** A 20 x 20 matrix (1600 bytes: large enough that the optimiser writes it to a file of its own). */
const matrix = Float32Array.from({ length: N * N }, () => r() - 0.5);
const x = Float32Array.from({ length: 2 * N }, () => r() - 0.5);

/** y = relu(x W), in plain JavaScript. */
function expected(): Float32Array {
  const y = new Float32Array(2 * N);
  for (let row = 0; row < 2; row++) {
    for (let col = 0; col < N; col++) {
      let sum = 0;
      for (let k = 0; k < N; k++) sum += x[row * N + k]! * matrix[k * N + col]!;
      y[row * N + col] = Math.max(0, sum);
    }
  }
  return y;
}

/** A folder holding model.onnx: relu(x W), W in weights.bin beside it. */
function modelFolder(): { folder: string; model: string } {
  const folder = tempFolder('stylegraph-onnx-runtime-');
  writeFileSync(join(folder, 'weights.bin'), matrix);
  const g = new OnnxGraph();
  g.op('Relu', [g.op('MatMul', [g.input('x', ['N', N]), g.external('w', [N, N], { location: 'weights.bin', offset: 0, length: matrix.byteLength })])], {}, 'y');
  g.output('y');
  const model = join(folder, 'model.onnx');
  writeFileSync(model, g.encode());
  return { folder, model };
}

function assertComputes(session: OnnxSession): void {
  try {
    const out = session.run({ x: new Tensor('float32', x, [2, N]) }, { y: null }, {});
    const y = (out.y as Tensor).data as Float32Array;
    const want = expected();
    assert.equal(y.length, want.length);
    y.forEach((v, i) => assert.ok(Math.abs(v - want[i]!) < 1e-5, `y[${i}]: ${v} vs ${want[i]}`));
  } finally {
    session.dispose();
  }
}

test('the native library loads here, with onnxruntime\'s telemetry turned off', () => {
  checkOnnxRuntime();
  assert.equal(process.env.ORT_DISABLE_TELEMETRY, '1');
});

test('createSession computes the model, and removes the optimised model and its weights file at once', () => {
  for (const wholeIteration of [false, true]) {
    const { folder, model } = modelFolder();
    const session = createSession(model, 2, wholeIteration);
    assert.deepEqual(readdirSync(folder).sort(), ['model.onnx', 'weights.bin'], `wholeIteration ${wholeIteration}`);
    assertComputes(session);
  }
});

test('createOneOffSession computes the model as it is, writing nothing', () => {
  const { folder, model } = modelFolder();
  assertComputes(createOneOffSession(model, 1));
  assert.deepEqual(readdirSync(folder).sort(), ['model.onnx', 'weights.bin']);
});

test('with STYLEGRAPH_ORT_PROFILE set, a session writes its profile there when disposed', () => {
  const { model } = modelFolder();
  const profiles = tempFolder('stylegraph-ort-profile-');
  process.env.STYLEGRAPH_ORT_PROFILE = join(profiles, 'run');
  try {
    assertComputes(createSession(model, 1));
  } finally {
    delete process.env.STYLEGRAPH_ORT_PROFILE;
  }
  const written = readdirSync(profiles);
  assert.equal(written.length, 1);
  assert.match(written[0]!, /^run.*\.json$/);
  const events = JSON.parse(readFileSync(join(profiles, written[0]!), 'utf8')) as { name: string }[];
  assert.ok(events.some((e) => e.name.includes('MatMul')), 'the MatMul node\'s timings');
});

test('where the native library does not load: one error naming the platform and what to use instead', () => {
  const script = `try { require(${JSON.stringify(join(REPO, 'out', 'src', 'node', 'onnx', 'onnx-runtime.js'))}).checkOnnxRuntime(); } catch (e) { process.stdout.write(e.message); }`;
  const message = execFileSync(process.execPath, ['--require', join(FIXTURES, 'no-onnxruntime.js'), '-e', script], { encoding: 'utf8' });
  assert.equal(message, `the onnx backend could not load onnxruntime-node's native library for ${process.platform}-${process.arch}: Cannot find module 'onnxruntime-node/dist/binding' (no native library for this platform) (use --backend wasm)`);
});
