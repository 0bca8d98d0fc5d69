import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadGraph } from '../../src/core/graph/load';
import type { Problem } from '../../src/core/graph/problems';
import { FIXTURES, SEED_GRAPH } from '../helpers/paths';

const load = (name: string) => loadGraph(readFileSync(join(FIXTURES, 'graphs', name), 'utf8'));
const summary = (problems: readonly Problem[]) => problems.map((p) => [p.code, p.nodeId ?? '', p.port ?? p.param ?? ''].join(' ')).sort();

test('the seed example loads without problems', () => {
  const { graph, problems } = loadGraph(readFileSync(SEED_GRAPH, 'utf8'));
  assert.deepEqual(problems, []);
  assert.equal(graph?.nodes.length, 42);
});

test('a file that is not JSON: one problem with line and column', () => {
  const { graph, problems } = load('not-json.stylegraph.json');
  assert.equal(graph, undefined);
  assert.equal(problems.length, 1);
  assert.match(problems[0]!.message, /not valid JSON: .* at line 5, column \d+/);
});

test('wrong format and a newer version are both reported', () => {
  const { graph, problems } = load('wrong-format.stylegraph.json');
  assert.equal(graph, undefined);
  assert.deepEqual(problems.map((p) => p.code), ['format', 'version']);
  assert.match(problems[1]!.message, /version 2; this stylegraph reads up to version 1/);
});

test('every problem of a broken graph at once, each with its node, port or param', () => {
  const { problems } = load('many-problems.stylegraph.json');
  assert.deepEqual(summary(problems), [
    'bad-edge  ',
    'bad-id  ',
    'cycle w1 ',
    'dangling-edge  ',
    'duplicate-id jc ',
    'extra-input vc image',
    'generated-count opt ',
    'missing-input g features',
    'missing-input jc generated',
    'missing-input jc value',
    'param-range content width',
    'param-range gen noiseRatio',
    'param-range opt iterations',
    'param-range vc layer',
    'param-type gen seed',
    'type-mismatch w1 value',
    'unknown-param gen colour',
    'unknown-port g gram',
    'unknown-type blur ',
  ]);
  const message = (code: string) => problems.find((p) => p.code === code)!.message;
  assert.equal(message('type-mismatch'), 'node "w1": input value takes scalar, but vg.features gives features');
  assert.equal(message('dangling-edge'), 'edge 6 (ghost.image -> vg.image): no node "ghost"');
  assert.equal(message('cycle'), 'node "w1": cycle w1 -> w2 -> w1');
  assert.match(message('param-range'), /node "content" \(image.load\): param width: -5 is outside 0..4096/);
});

test('two generated images for one optimizer, two optimizers, an optimizer result fed back', () => {
  const { problems } = load('two-generated.stylegraph.json');
  assert.deepEqual(summary(problems), [
    'cycle fa ',
    'extra-input fa image',
    'generated-count opt ',
    'generated-count opt2 ',
    'optimizer-count opt2 ',
    'optimizer-output fa image',
  ]);
  assert.match(problems.find((p) => p.code === 'generated-count')!.message, /depends on 2 \("a", "b"\)/);
});

test('missing params take their catalogue defaults', () => {
  const { graph } = load('two-generated.stylegraph.json');
  assert.deepEqual(graph!.nodes.find((n) => n.id === 'opt')!.params, {
    method: 'adam', learningRate: 2, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, historySize: 10, iterations: 200, previewEvery: 20,
  });
});
