import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadGraph } from '../../src/core/graph/load';
import { compile } from '../../src/core/compile/plan';
import { addLayer, changeLayer, layerTerms, LayerEditError, removeLayer, termOf } from '../../src/core/graph/layer-edits';
import { nodeBox } from '../../src/core/graph/node-geometry';
import type { Graph } from '../../src/core/graph/types';
import { SEED_GRAPH } from '../helpers/paths';

const seed = (): Graph => loadGraph(readFileSync(SEED_GRAPH, 'utf8')).graph!;
const problems = (graph: Graph) => loadGraph(JSON.stringify(graph)).problems.map((p) => p.message);
const ids = (graph: Graph) => new Set(graph.nodes.map((n) => n.id));
const added = (before: Graph, after: Graph) => after.nodes.filter((n) => !ids(before).has(n.id));
const param = (graph: Graph, id: string, name: string) => graph.nodes.find((n) => n.id === id)?.params[name];

test('the seed has five style terms and one content term, found by role and port', () => {
  const terms = layerTerms(seed());
  assert.deepEqual(terms.map((t) => [t.kind, t.loss, t.target, t.generated, t.layer, t.into]), [
    ['content', 'j_content', 'content_conv4_2', 'generated_conv4_2', 'conv4_2', 'j_total.terms'],
    ...['1_1', '2_1', '3_1', '4_1', '5_1'].map((l) => ['style', `j_style_conv${l}`, `style_conv${l}`, `generated_conv${l}`, `conv${l}`, 'j_style.terms']),
  ]);
  assert.deepEqual(terms[1]!.nodes, ['style_conv1_1', 'gram_style_conv1_1', 'generated_conv1_1', 'gram_generated_conv1_1', 'j_style_conv1_1', 'w_style_conv1_1']);
  assert.deepEqual(terms[0]!.nodes, ['content_conv4_2', 'generated_conv4_2', 'j_content', 'alpha']);
  for (const id of ['gram_generated_conv3_1', 'style_conv3_1', 'w_style_conv3_1']) assert.equal(termOf(seed(), id)?.loss, 'j_style_conv3_1');
  assert.equal(termOf(seed(), 'j_style'), undefined);
  assert.equal(termOf(seed(), 'content'), undefined);
});

test('add style layer: the whole chain (two VGG nodes, two Grams, a loss, a weight) into the style sum, params copied, valid, no overlap', () => {
  const before = seed();
  const after = addLayer(before, 'style', 'conv3_2');
  assert.deepEqual(problems(after), []);
  const fresh = added(before, after);
  assert.deepEqual(fresh.map((n) => [n.id, n.type]).sort(), [
    ['generated_conv3_2', 'vgg19.layer'], ['gram_generated_conv3_2', 'gram'], ['gram_style_conv3_2', 'gram'],
    ['j_style_conv3_2', 'loss.style'], ['style_conv3_2', 'vgg19.layer'], ['w_style_conv3_2', 'weight'],
  ]);
  assert.equal(param(after, 'w_style_conv3_2', 'w'), 0.2);
  assert.equal(param(after, 'style_conv3_2', 'layer'), 'conv3_2');
  assert.equal(param(after, 'generated_conv3_2', 'layer'), 'conv3_2');
  const newEdges = after.edges.slice(before.edges.length).map((e) => `${e.from} -> ${e.to}`).sort();
  assert.deepEqual(newEdges, [
    'generated.image -> generated_conv3_2.image', 'generated_conv3_2.features -> gram_generated_conv3_2.features',
    'gram_generated_conv3_2.gram -> j_style_conv3_2.generated', 'gram_style_conv3_2.gram -> j_style_conv3_2.style',
    'j_style_conv3_2.loss -> w_style_conv3_2.value', 'style.image -> style_conv3_2.image',
    'style_conv3_2.features -> gram_style_conv3_2.features', 'w_style_conv3_2.value -> j_style.terms',
  ]);
  assert.equal(compile(after).loop.filter((p) => p.def.role === 'loss').length, 7);
  // Laid out in the column of the copied term, below the lowest one, overlapping nothing.
  const x = (g: Graph, id: string) => g.nodes.find((n) => n.id === id)!.ui.pos[0];
  assert.equal(x(after, 'style_conv3_2'), x(before, 'style_conv5_1'));
  const lowest = Math.max(...before.nodes.filter((n) => n.ui.pos[0] === x(before, 'style_conv5_1')).map((n) => n.ui.pos[1]));
  assert.ok(after.nodes.find((n) => n.id === 'style_conv3_2')!.ui.pos[1] > lowest);
  const boxes = after.nodes.map((n) => [n.id, nodeBox(n, after)] as const);
  for (const n of fresh) {
    const [x, y, w, h] = nodeBox(n, after);
    for (const [id, [x2, y2, w2, h2]] of boxes) {
      if (id !== n.id) assert.ok(x >= x2 + w2 || x2 >= x + w || y >= y2 + h2 || y2 >= y + h, `${n.id} overlaps ${id}`);
    }
  }
});

test('add content layer copies the content term (loss, its weight) into the total; ids stay unique when the layer is taken', () => {
  const before = seed();
  const after = addLayer(before, 'content', 'conv5_2');
  assert.deepEqual(problems(after), []);
  assert.deepEqual(added(before, after).map((n) => n.id).sort(), ['alpha_conv5_2', 'content_conv5_2', 'generated_conv5_2', 'j_content_conv5_2']);
  assert.ok(after.edges.some((e) => e.from === 'alpha_conv5_2.value' && e.to === 'j_total.terms'));
  const twice = addLayer(addLayer(before, 'style', 'conv1_1'), 'style', 'conv1_1');
  assert.deepEqual(problems(twice), []);
  assert.ok(ids(twice).has('style_conv1_1_2'));
  assert.equal(ids(twice).size, seed().nodes.length + 12);
});

test('add layer like a given term copies that one; a wrong kind or layer is refused naming it', () => {
  const after = addLayer(seed(), 'style', 'conv2_2', 'gram_style_conv2_1');
  assert.equal(after.nodes.find((n) => n.id === 'style_conv2_2')!.ui.pos[0], seed().nodes.find((n) => n.id === 'style_conv2_1')!.ui.pos[0]);
  assert.deepEqual(problems(after), []);
  assert.throws(() => addLayer(seed(), 'content', 'conv2_2', 'j_style_conv1_1'), /node "j_style_conv1_1" is part of a style layer, not a content layer/);
  assert.throws(() => addLayer(seed(), 'style', 'conv9_9'), /"conv9_9" is not a layer of node "style_conv5_1"/);
  const noStyle = ['j_style_conv1_1', 'j_style_conv2_1', 'j_style_conv3_1', 'j_style_conv4_1', 'j_style_conv5_1'].reduce(removeLayer, seed());
  assert.throws(() => addLayer(noStyle, 'style', 'conv1_1'), (e: Error) => e instanceof LayerEditError && /no style layer to copy/.test(e.message));
});

test('remove layer takes the term out and keeps what other terms use; removing an added layer gives the graph back', () => {
  const before = seed();
  const after = removeLayer(before, 'w_style_conv2_1');
  assert.deepEqual([...ids(before)].filter((id) => !ids(after).has(id)).sort(), ['generated_conv2_1', 'gram_generated_conv2_1', 'gram_style_conv2_1', 'j_style_conv2_1', 'style_conv2_1', 'w_style_conv2_1']);
  assert.deepEqual(problems(after), []);
  assert.ok(!after.edges.some((e) => e.from.startsWith('w_style_conv2_1.')));
  assert.deepEqual(removeLayer(addLayer(before, 'style', 'conv3_2'), 'j_style_conv3_2'), { ...before, nodes: [...before.nodes], edges: [...before.edges] });
  // A VGG node shared with another term stays.
  const shared = { ...before, edges: before.edges.map((e) => (e.from === 'generated_conv4_1.features' ? { ...e, from: 'generated_conv4_2.features' } : e)) };
  const kept = removeLayer({ ...shared, nodes: shared.nodes.filter((n) => n.id !== 'generated_conv4_1') }, 'j_content');
  assert.ok(ids(kept).has('generated_conv4_2') && !ids(kept).has('content_conv4_2') && !ids(kept).has('alpha'));
  assert.throws(() => removeLayer(before, 'j_total'), /node "j_total" is not part of one style or content layer/);
  assert.throws(() => removeLayer(before, 'nope'), /node "nope" is not in the graph/);
});

test('change layer sets both VGG nodes of the term in one graph, from the loss or either VGG node', () => {
  for (const from of ['j_content', 'content_conv4_2', 'generated_conv4_2', 'alpha']) {
    const after = changeLayer(seed(), from, 'conv5_2');
    assert.deepEqual([param(after, 'content_conv4_2', 'layer'), param(after, 'generated_conv4_2', 'layer')], ['conv5_2', 'conv5_2'], from);
    assert.deepEqual(problems(after), []);
  }
  const style = changeLayer(seed(), 'gram_style_conv3_1', 'conv3_3');
  assert.deepEqual([param(style, 'style_conv3_1', 'layer'), param(style, 'generated_conv3_1', 'layer')], ['conv3_3', 'conv3_3']);
  assert.deepEqual(problems(style), []);
  assert.equal(param(style, 'style_conv4_1', 'layer'), 'conv4_1');
  // A VGG node that also feeds another term is not changed behind that term's back.
  const g = seed();
  const shared = { ...g, nodes: g.nodes.filter((n) => n.id !== 'generated_conv4_1'), edges: g.edges.map((e) => (e.from === 'generated_conv4_1.features' ? { ...e, from: 'generated_conv4_2.features' } : e)).filter((e) => e.to !== 'generated_conv4_1.image') };
  assert.throws(() => changeLayer(shared, 'j_content', 'conv5_2'), /node "generated_conv4_2" also feeds "gram_generated_conv4_1"/);
});
