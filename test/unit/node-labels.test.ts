import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { nodeKeyLines, shortenLeft, shortNumber } from '../../src/core/graph/node-labels';
import { parseGraph } from '../../src/core/graph/parse';

const EXAMPLES = join(__dirname, '..', '..', '..', 'examples');
const load = (name: string) => parseGraph(readFileSync(join(EXAMPLES, name), 'utf8')).graph!;

test('key lines tell the seed\'s five style rows apart: each VGG, Gram, loss and weight shows its layer; weights their value first', () => {
  const lines = nodeKeyLines(load('seed.stylegraph.json'));
  for (const layer of ['conv1_1', 'conv2_1', 'conv3_1', 'conv4_1', 'conv5_1']) {
    assert.deepEqual(lines.get(`style_${layer}`)![0], layer);
    assert.deepEqual(lines.get(`gram_style_${layer}`), [layer]);
    assert.deepEqual(lines.get(`j_style_${layer}`), [layer]);
    assert.deepEqual(lines.get(`w_style_${layer}`), ['w 0.2', layer]);
    assert.deepEqual(lines.get(`generated_${layer}`)![0], layer);
  }
  assert.deepEqual(lines.get('beta'), ['w 40']);
  assert.deepEqual(lines.get('alpha'), ['w 10', 'conv4_2']);
  assert.deepEqual(lines.get('content'), ['chelsea.png']);
  // Sums stand for no one layer, nor does anything after them (the optimizer, the output).
  for (const id of ['j_style', 'j_total', 'adam', 'result']) assert.ok(!lines.get(id)!.some((l) => l.startsWith('conv')), `${id}: ${lines.get(id)}`);
});

test('key lines: a layer through a mask and a blend; params away from their defaults', () => {
  const regions = nodeKeyLines(load('two-regions.stylegraph.json'));
  assert.equal(regions.get('j_style_a_conv3_1')![0], 'conv3_1');
  assert.equal(regions.get('masked_a_conv3_1')![0], 'conv3_1');
  assert.deepEqual(regions.get('mask_a'), ['two-regions-mask.png', 'channel color', 'color #ff0000']);
  assert.deepEqual(regions.get('mask_b'), ['two-regions-mask.png', 'channel color', 'color #0000ff']);
  const blend = nodeKeyLines(load('two-styles.stylegraph.json'));
  assert.deepEqual(blend.get('blend_conv2_1'), ['weights 0.7,0.3']);
  assert.equal(blend.get('j_style_conv2_1')![0], 'conv2_1');
});

test('shortenLeft keeps the end of an id (its layer); shortNumber', () => {
  const fits = (n: number) => (s: string) => s.length <= n;
  assert.equal(shortenLeft('gram_style_conv1_1', fits(30)), 'gram_style_conv1_1');
  assert.equal(shortenLeft('gram_style_conv1_1', fits(10)), '…e_conv1_1');
  assert.equal(shortenLeft('abc', fits(0)), '…c');
  assert.deepEqual([0.2, 40, 1e-7, 25000, 123456, 0].map(shortNumber), ['0.2', '40', '1e-7', '25000', '1.23e+5', '0']);
});
