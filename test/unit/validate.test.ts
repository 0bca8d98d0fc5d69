import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadGraph } from '../../src/core/graph/load';
import { validateGraph } from '../../src/core/graph/validate';
import { applyOverrides } from '../../src/core/graph/overrides';
import { compile } from '../../src/core/compile/plan';
import { writeCanonical } from '../../src/core/graph/canonical';
import type { Graph, GraphEdge, GraphNode } from '../../src/core/graph/types';
import { SEED_GRAPH } from '../helpers/paths';

const seed = (): Graph => loadGraph(readFileSync(SEED_GRAPH, 'utf8')).graph!;
const withParams = (graph: Graph, id: string, params: Record<string, string | number>): Graph => ({
  ...graph,
  nodes: graph.nodes.map((n) => (n.id === id ? { ...n, params: { ...n.params, ...params } } : n)),
});
const located = (graph: Graph) => validateGraph(graph).problems.map((p) => [p.code, p.nodeId]);

/** The seed with `count` weight nodes in a chain between its total and the optimizer. */
function longChain(count: number, closeLoop = false): Graph {
  const graph = seed();
  const ids = Array.from({ length: count }, (_, i) => `w${i}`);
  const nodes: GraphNode[] = ids.map((id, i) => ({ id, type: 'weight', params: { w: 1 }, ui: { pos: [i, 0] } }));
  const edges: GraphEdge[] = ids.slice(1).map((id, i) => ({ from: `${ids[i]}.value`, to: `${id}.value` }));
  if (closeLoop) edges.push({ from: `${ids[count - 1]}.value`, to: `${ids[0]}.value` });
  else edges.push({ from: 'j_total.value', to: 'w0.value' }, { from: `${ids[count - 1]}.value`, to: 'adam.loss' });
  return { ...graph, nodes: [...graph.nodes, ...nodes], edges: [...graph.edges.filter((e) => e.to !== 'adam.loss' || closeLoop), ...edges] };
}

test('the seed graph has no problems', () => {
  assert.deepEqual(located(seed()), []);
});

test('a style Gram and a generated Gram from different layers: a shape problem on the loss node', () => {
  const graph = withParams(seed(), 'style_conv1_1', { layer: 'conv2_1' });
  assert.deepEqual(located(graph), [['shape-mismatch', 'j_style_conv1_1']]);
  assert.match(validateGraph(graph).problems[0]!.message, /^node "j_style_conv1_1" \(loss.style\): the style Gram is 128x128 but the generated Gram is 64x64: take both from the same layer$/);
});

test('content features of another layer or another image size: a shape problem on the content loss', () => {
  assert.deepEqual(located(withParams(seed(), 'generated_conv4_2', { layer: 'conv4_1' })), []); // same shape, another layer: allowed
  assert.deepEqual(located(withParams(seed(), 'generated_conv4_2', { layer: 'conv3_2' })), [['shape-mismatch', 'j_content']]);
  // The generated image takes the content's size; a content loss against the style image at another size does not fit.
  const other = withParams(seed(), 'style', { width: 200, height: 150 });
  const rewired = { ...other, edges: other.edges.map((e) => (e.from === 'content.image' && e.to === 'content_conv4_2.image' ? { ...e, from: 'style.image' } : e)) };
  const problems = validateGraph(rewired).problems;
  assert.deepEqual(problems.map((p) => [p.code, p.nodeId]), [['shape-mismatch', 'j_content']]);
  assert.match(problems[0]!.message, /content features are 18x25x512 but the generated features are 37x50x512/);
});

test('images too small for the deepest layer: one problem per layer node, naming the size it needs', () => {
  const graph = applyOverrides(seed(), { size: [8, 8] });
  const problems = validateGraph(graph).problems;
  // 8 pixels is enough for block 4 (three poolings), not for block 5.
  assert.deepEqual(problems.map((p) => [p.code, p.nodeId]).sort(), [
    ['image-too-small', 'generated_conv5_1'],
    ['image-too-small', 'style_conv5_1'],
  ]);
  assert.ok(problems.some((p) => p.message === 'node "style_conv5_1" (vgg19.layer): layer conv5_1 needs an image of at least 16x16 pixels; its image is 8x8'));
  // 16 pixels is enough for every layer; 15 is not enough for conv5_1.
  assert.deepEqual(located(applyOverrides(seed(), { size: [16, 16] })), []);
  assert.deepEqual(located(applyOverrides(seed(), { size: [16, 15] })).map(([, id]) => id).sort(), ['generated_conv5_1', 'style_conv5_1']);
});

test('a 7,000-node chain validates and compiles without deep recursion', () => {
  const graph = longChain(7000);
  assert.deepEqual(located(graph), []);
  const plan = compile(graph);
  assert.equal(plan.loss.id, 'w6999');
  assert.equal(plan.loop.length, 7000 + 27); // the seed's loop: generated image, 6 layers, 5 Grams, 6 losses, 7 weights, 2 sums
});

test('a 7,000-node cycle is one problem with a short message', () => {
  const problems = validateGraph(longChain(7000, true)).problems.filter((p) => p.code === 'cycle');
  assert.equal(problems.length, 1);
  assert.equal(problems[0]!.nodeId, 'w0');
  assert.equal(problems[0]!.message, 'node "w0": cycle w0 -> w1 -> w2 -> w3 -> w4 -> w5 -> w6 -> w7 -> … (7000 nodes) -> w0');
});

test('nodes downstream of a cycle are not reported as cycles of their own', () => {
  const graph = longChain(3, true);
  const withTail = { ...graph, nodes: [...graph.nodes, { id: 'tail', type: 'weight', params: { w: 1 }, ui: { pos: [0, 0] as [number, number] } }], edges: [...graph.edges, { from: 'w2.value', to: 'tail.value' }] };
  assert.deepEqual(validateGraph(withTail).problems.filter((p) => p.code === 'cycle').map((p) => p.message), ['node "w0": cycle w0 -> w1 -> w2 -> w0']);
});

test('a 5 MB graph loads, validates and compiles (time printed, not asserted)', (t) => {
  const text = writeCanonical(longChain(30000));
  assert.ok(text.length > 5e6, `${text.length} bytes`);
  const started = performance.now();
  const { graph, problems } = loadGraph(text);
  assert.deepEqual(problems, []);
  compile(graph!);
  t.diagnostic(`${(text.length / 1e6).toFixed(1)} MB: load + validate + compile in ${(performance.now() - started).toFixed(0)} ms`);
});

test('a second node with the id of a node that has inputs: problems, no crash in shape inference', () => {
  const graph = seed();
  const twin = graph.nodes.find((n) => n.id === 'content_conv4_2')!;
  const problems = validateGraph({ ...graph, nodes: [...graph.nodes, { ...twin }] }).problems;
  assert.deepEqual(problems.map((p) => [p.code, p.nodeId]), [['duplicate-id', 'content_conv4_2'], ['missing-input', 'content_conv4_2']]);
});

test('node rules: colors content without a content image, blend weights that do not match the edges', () => {
  const graph = withParams(seed(), 'result', { colors: 'content' });
  const problems = validateGraph(graph).problems;
  assert.deepEqual(problems.map((p) => [p.code, p.nodeId, p.port]), [['missing-input', 'result', 'content']]);
  assert.equal(problems[0]!.message, 'node "result" (image.output): colors content needs the content image on input content');
  const wired = { ...graph, edges: [...graph.edges, { from: 'content.image', to: 'result.content' }] };
  assert.deepEqual(located(wired), []);

  const blend: GraphNode = { id: 'blend', type: 'gram.blend', params: { weights: '1,2,3' }, ui: { pos: [0, 0] } };
  const twoStyles = {
    ...graph,
    nodes: [...wired.nodes, blend],
    edges: [
      ...wired.edges.filter((e) => e.to !== 'j_style_conv1_1.style'),
      { from: 'gram_style_conv1_1.gram', to: 'blend.targets' },
      { from: 'gram_style_conv1_1.gram', to: 'blend.targets' },
      { from: 'blend.gram', to: 'j_style_conv1_1.style' },
    ],
  };
  const blendProblems = validateGraph(twoStyles).problems;
  assert.deepEqual(blendProblems.map((p) => [p.code, p.nodeId, p.param]), [['param-range', 'blend', 'weights']]);
  assert.match(blendProblems[0]!.message, /^node "blend" \(gram.blend\): param weights: /);
  assert.deepEqual(located(withParams(twoStyles, 'blend', { weights: '1,2' })), []);
});
