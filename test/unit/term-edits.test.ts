import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadGraph } from '../../src/core/graph/load';
import { compile } from '../../src/core/compile/plan';
import { LayerEditError } from '../../src/core/graph/layer-edits';
import { addMaskedRegion, addTvTerm, blendSecondStyle } from '../../src/core/graph/term-edits';
import { overlappingPairs } from '../../src/core/graph/free-space';
import type { Graph } from '../../src/core/graph/types';
import { SEED_GRAPH } from '../helpers/paths';

const seed = (): Graph => loadGraph(readFileSync(SEED_GRAPH, 'utf8')).graph!;
const problems = (graph: Graph) => loadGraph(JSON.stringify(graph)).problems.map((p) => `${p.code}: ${p.message}`);
const ids = (graph: Graph) => new Set(graph.nodes.map((n) => n.id));
const added = (before: Graph, after: Graph) => after.nodes.filter((n) => !ids(before).has(n.id));
const edges = (g: Graph) => g.edges.map((e) => `${e.from} -> ${e.to}`);

test('Add term: TV: a loss.tv of the generated image and its weight, wired into the optimizer\'s sum; valid, in J, on no other node', () => {
  const before = seed();
  const after = addTvTerm(before);
  assert.deepEqual(problems(after), []);
  assert.deepEqual(added(before, after).map((n) => [n.id, n.type, n.params]), [['j_tv', 'loss.tv', { power: 2 }], ['w_tv', 'weight', { w: 0.01 }]]);
  assert.deepEqual(edges(after).slice(before.edges.length), ['generated.image -> j_tv.image', 'j_tv.loss -> w_tv.value', 'w_tv.value -> j_total.terms']);
  assert.ok(compile(after).loop.some((p) => p.node.id === 'j_tv'));
  assert.deepEqual(overlappingPairs(after), []);
  // A second one gets its own ids.
  assert.ok(ids(addTvTerm(after)).has('j_tv_2'));
});

test('Add term: a second style blended into every style term: one image, a VGG-19 node and Gram each, a blend 1,1 in front of each loss', () => {
  const before = seed();
  const after = blendSecondStyle(before, 'samples/brick.png');
  assert.deepEqual(problems(after), []);
  const fresh = added(before, after);
  assert.equal(fresh.filter((n) => n.type === 'image.load').length, 1);
  const image = fresh.find((n) => n.type === 'image.load')!;
  assert.equal(image.params.path, 'samples/brick.png');
  assert.equal(fresh.filter((n) => n.type === 'gram.blend').length, 5);
  assert.equal(fresh.filter((n) => n.type === 'vgg19.layer').length, 5);
  assert.ok(edges(after).includes('gram_style_conv3_1.gram -> blend_conv3_1.targets'));
  assert.ok(edges(after).includes('blend_conv3_1.gram -> j_style_conv3_1.style'));
  assert.ok(!edges(after).includes('gram_style_conv3_1.gram -> j_style_conv3_1.style'));
  assert.equal(after.nodes.find((n) => n.id === 'blend_conv3_1')!.params.weights, '1,1');
  assert.deepEqual(overlappingPairs(after), []);
  assert.equal(compile(after).loop.filter((p) => p.def.role === 'loss').length, 6);
  // Into one term only, from its node.
  const one = blendSecondStyle(before, 'samples/brick.png', 'w_style_conv2_1');
  assert.deepEqual(problems(one), []);
  assert.deepEqual(added(before, one).map((n) => n.type).sort(), ['gram', 'gram.blend', 'image.load', 'vgg19.layer']);
  assert.throws(() => blendSecondStyle(before, 'x.png', 'j_content'), LayerEditError);
});

test('Add term: a masked region: a mask, the generated features masked, their Gram, a style loss on the term\'s target, its weight into the same sum', () => {
  const before = seed();
  const after = addMaskedRegion(before, 'samples/two-regions-mask.png', 'j_style_conv3_1');
  assert.deepEqual(problems(after), []);
  assert.deepEqual(added(before, after).map((n) => n.type).sort(), ['features.mask', 'gram', 'image.mask', 'loss.style', 'weight']);
  const e = edges(after);
  assert.ok(e.includes('generated_conv3_1.features -> masked_conv3_1.features'));
  assert.ok(e.includes('mask.mask -> masked_conv3_1.mask'));
  assert.ok(e.includes('masked_conv3_1.features -> gram_generated_conv3_1_region.features'));
  assert.ok(e.includes('gram_style_conv3_1.gram -> j_style_conv3_1_region.style'));
  assert.ok(e.includes('w_style_conv3_1_region.value -> j_style.terms'));
  assert.deepEqual(overlappingPairs(after), []);
  assert.equal(compile(after).loop.filter((p) => p.def.role === 'loss').length, 7);
  // After a blend too: the region's style target is the blend.
  const blended = addMaskedRegion(blendSecondStyle(before, 'samples/brick.png'), 'samples/two-regions-mask.png');
  assert.deepEqual(problems(blended), []);
  assert.ok(edges(blended).includes('blend_conv5_1.gram -> j_style_conv5_1_region.style'), edges(blended).filter((x) => x.includes('region')).join('\n'));
});
