import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend';
import { readImageFile, writePngFile } from '../../src/node/image-file';
import { faceEvaluate } from '../../src/core/nodes/face-evaluate';
import type { EvalContext, Value } from '../../src/core/nodes/types';
import { runCli, workspaceCopy } from '../helpers/cli';

const params = { tau: 0.5, tauMax: 1.4, steps: 3, alpha: 2 };
const database = (rows: number[][], labels: string[]): Value => ({ type: 'database', tensor: tf.tensor2d(rows), labels });
const evaluate = (db: Value, p = params) => faceEvaluate.result!({ database: [db] }, p, { nodeId: 'n' } as EvalContext);

before(async () => {
  await useBackend('wasm', { threads: 1 });
});

test('face.evaluate: rates at tau and on the curve, best tau and the triplet loss, by hand', () => {
  // Pairs: (a1, a2) at 0.1, same; (a1, b) at √2 ≈ 1.414 and (a2, b) at √1.81 ≈ 1.345, different.
  const { value } = evaluate(database([[1, 0], [0.9, 0], [0, 1]], ['a', 'a', 'b']));
  const v = value as { accuracy: number; falseAccept: number; falseReject: number; pairs: number; samePairs: number; bestTau: number; triplet: { loss: number; count: number }; curve: { tau: number; accuracy: number; falseAccept: number; falseReject: number }[] };
  assert.deepEqual([v.accuracy, v.falseAccept, v.falseReject, v.pairs, v.samePairs], [1, 0, 0, 3, 1]);
  // τ 0 rejects the same pair; τ 0.7 is right on all; τ 1.4 accepts (a2, b) at 1.345 but not (a1, b).
  assert.deepEqual(v.curve, [
    { tau: 0, accuracy: 2 / 3, falseAccept: 0, falseReject: 1 },
    { tau: 0.7, accuracy: 1, falseAccept: 0, falseReject: 0 },
    { tau: 1.4, accuracy: 2 / 3, falseAccept: 0.5, falseReject: 0 },
  ]);
  assert.equal(v.bestTau, 0.7);
  // Triplets (a1, a2, b): 0.01 − 2 + 2 = 0.01; (a2, a1, b): 0.01 − 1.81 + 2 = 0.2.
  assert.equal(v.triplet.count, 2);
  assert.ok(Math.abs(v.triplet.loss - 0.21) < 1e-5, String(v.triplet.loss));
});

test('face.evaluate: a folder without two photos of one person, or with one person only, says what it has', () => {
  assert.throws(() => evaluate(database([[1, 0], [0, 1]], ['a', 'b'])), { message: 'the folder needs at least two photos of one person and photos of two people (it has a: 1, b: 1)' });
  assert.throws(() => evaluate(database([[1, 0], [0, 1]], ['a', 'a'])), { message: 'the folder needs at least two photos of one person and photos of two people (it has a: 2)' });
});

test('stylegraph run: face.evaluate (each sample person: a face crop and the whole photo) prints the table; --json has the curve', async () => {
  const ws = workspaceCopy();
  const folder = join(ws, 'examples', 'evaluated');
  mkdirSync(folder);
  const people = [
    ['astronaut', 'faces/astronaut/mirrored-crop.png', 'astronaut.png'],
    ['cameraman', 'faces/cameraman/rotated-crop.png', 'camera.png'],
    ['hopper', 'faces/hopper/mirrored-rotated-crop.png', 'grace_hopper.jpg'],
  ] as const;
  for (const [person, crop, whole] of people) {
    await writePngFile(join(folder, `${person}_1.png`), await readImageFile(join('examples', 'samples', crop)));
    await writePngFile(join(folder, `${person}_2.png`), await readImageFile(join('examples', 'samples', whole)));
  }
  const graph = join(ws, 'examples', 'evaluate.stylegraph.json');
  writeFileSync(graph, JSON.stringify({
    format: 'stylegraph',
    version: 1,
    nodes: [
      { id: 'known', type: 'face.database', params: { path: 'evaluated', minConfidence: 0.5 } },
      { id: 'rates', type: 'face.evaluate', params: { tau: 0.6, tauMax: 1.2, steps: 25, alpha: 0.2 } },
    ],
    edges: [{ from: 'known.database', to: 'rates.database' }],
  }));
  const text = await runCli(['run', graph], { cwd: ws });
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stderr, /^rates: at τ 0\.6: accuracy 100\.0%, false accept 0\.0%, false reject 0\.0% over 15 pairs \(3 of one person\); best τ 0\.\d+ \(100\.0% accurate\)$/m);
  assert.match(text.stderr, /^triplet loss 0\.0000 over 24 triplets \(α 0\.2\)$/m);
  assert.match(text.stderr, /^ {5}τ {2}accuracy {2}false accept {2}false reject$/m);
  // At τ 0 every pair is judged different: the 12 pairs of different people are right.
  assert.match(text.stderr, /^ 0\.000 {5}80\.0% {10}0\.0% {8}100\.0%$/m);
  const json = await runCli(['run', graph, '--json'], { cwd: ws });
  assert.equal(json.code, 0, json.stderr);
  const result = json.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { event: string; value?: { curve: { tau: number; accuracy: number }[]; bestTau: number } }).find((e) => e.event === 'result')!;
  const curve = result.value!.curve;
  assert.equal(curve.length, 25);
  assert.deepEqual([curve[0]!.tau, curve[1]!.tau, curve[24]!.tau], [0, 0.05, 1.2]);
  assert.equal(curve.find((r) => r.tau === result.value!.bestTau)!.accuracy, 1);
  console.log(`best τ ${result.value!.bestTau}; accuracy by τ ${curve.map((r) => `${r.tau}:${r.accuracy.toFixed(2)}`).join(' ')}`);
});
