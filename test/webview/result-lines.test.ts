import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { nodeDef } from '../../src/core/nodes/catalogue';
import type { EvalContext, Inputs, NodeResult, Params } from '../../src/core/nodes/types';
import { RESULT_LINES, resultLines, scalarText } from '../../webview/result-lines';

before(async () => {
  await tf.setBackend('cpu');
});

/** What a result node's own hook reports (the lines are formatted from exactly this). */
function report(type: string, inputs: Inputs, params: Params): NodeResult {
  return nodeDef(type)!.result!(inputs, params, {} as EvalContext);
}
const distance = (d: number): Inputs => ({ distance: [{ type: 'scalar', tensor: tf.scalar(d) }] });
/** Two people, one dimension each: the encodings' distances are their differences. */
const database = (rows: number[], labels: string[]): Inputs => ({ database: [{ type: 'database', tensor: tf.tensor2d(rows.map((x) => [x, 0])), labels }] });

test('face.verify: the verdict as the headline (good or bad), the distance against tau below', () => {
  assert.deepEqual(resultLines(report('face.verify', distance(0.2271), { tau: 0.6 })), { headline: 'same person', tone: 'good', details: ['distance 0.227 ≤ τ 0.6'] });
  assert.deepEqual(resultLines(report('face.verify', distance(0.81), { tau: 0.6 })), { headline: 'different people', tone: 'bad', details: ['distance 0.810 > τ 0.6'] });
});

test('face.identify: the identity and its distance, or not in the database with the nearest person', () => {
  const inputs = (x: number): Inputs => ({ encoding: [{ type: 'encoding', tensor: tf.tensor2d([[x, 0]]) }], ...database([0, 0.1, 2], ['alice', 'alice', 'bob']) });
  assert.deepEqual(resultLines(report('face.identify', inputs(1.9), { tau: 0.6 })), { headline: 'bob', tone: 'good', details: ['distance 0.100 ≤ τ 0.6'] });
  assert.deepEqual(resultLines(report('face.identify', inputs(1), { tau: 0.6 })), { headline: 'not in the database', tone: 'bad', details: ['nearest alice at 0.900 > τ 0.6'] });
});

test('face.evaluate: accuracy at tau as the headline, false accept and reject rates and the best tau below', () => {
  // alice 0, 0.3; bob 1, 1.2: at τ 0.25 one pair of one person is rejected.
  const lines = resultLines(report('face.evaluate', database([0, 0.3, 1, 1.2], ['alice', 'alice', 'bob', 'bob']), { tau: 0.25, tauMax: 1.2, steps: 25, alpha: 0.2 }));
  assert.deepEqual(lines, { headline: 'accuracy 83.3% at τ 0.25', tone: 'plain', details: ['false accept 0.0% · false reject 50.0%', 'best τ 0.5 (100.0% accurate)'] });
  assert.ok(1 + lines.details.length <= RESULT_LINES, 'fits the room the bridge keeps');
});

test('a value of another shape shows the first lines of the text', () => {
  assert.deepEqual(resultLines({ text: 'one\ntwo\nthree\nfour', value: 3 }), { headline: 'one', tone: 'plain', details: ['two', 'three'] });
});

test('scalarText: 4 significant digits, exponents for the very small and very large', () => {
  assert.deepEqual([0.227148, 0, 12.5, 1234.56, 0.0001234, 123456, -0.5].map(scalarText), ['0.2271', '0', '12.5', '1235', '1.234e-4', '1.235e+5', '-0.5']);
});
