import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadGraph } from '../../src/core/graph/load';
import { parseGraph } from '../../src/core/graph/parse';
import { validateGraph } from '../../src/core/graph/validate';
import { writeCanonical } from '../../src/core/graph/canonical';
import { setBypass } from '../../src/core/graph/bypass';
import { graphJsonSchema } from '../../src/core/graph/json-schema';
import { compile } from '../../src/core/compile/plan';
import { plottedTerms } from '../../src/core/compile/plotted-terms';
import type { Graph } from '../../src/core/graph/types';
import { SEED_GRAPH } from '../helpers/paths';
import { join, dirname } from 'node:path';

const seedText = readFileSync(SEED_GRAPH, 'utf8');
const seed = (): Graph => loadGraph(seedText).graph!;
const example = (name: string): Graph => loadGraph(readFileSync(join(dirname(SEED_GRAPH), `${name}.stylegraph.json`), 'utf8')).graph!;
const located = (graph: Graph) => validateGraph(graph).problems.map((p) => [p.code, p.nodeId]);
const without = (graph: Graph, id: string): Graph => ({ ...graph, nodes: graph.nodes.filter((n) => n.id !== id), edges: graph.edges.filter((e) => !e.from.startsWith(`${id}.`) && !e.to.startsWith(`${id}.`)) });
const bypassed = (graph: Graph, ...ids: string[]): Graph => setBypass(graph, ids, false)!;

test('a term that reaches no optimizer is a problem on the end of its chain (deleting w_style_conv1_1)', () => {
  const problems = validateGraph(without(seed(), 'w_style_conv1_1')).problems;
  assert.deepEqual(problems.map((p) => [p.code, p.nodeId]), [['dangling-term', 'j_style_conv1_1']]);
  assert.equal(problems[0]!.message, 'node "j_style_conv1_1" (loss.style): reaches no optimizer: its term is not in J (wire it into a sum, bypass it, or remove it)');
});

test('a TV loss and its weight not wired into the sum: one problem, on the weight', () => {
  const g = seed();
  const graph: Graph = {
    ...g,
    nodes: [...g.nodes, { id: 'j_tv', type: 'loss.tv', params: { power: 2 }, ui: { pos: [0, 0] } }, { id: 'w_tv', type: 'weight', params: { w: 1 }, ui: { pos: [0, 0] } }],
    edges: [...g.edges, { from: 'generated.image', to: 'j_tv.image' }, { from: 'j_tv.loss', to: 'w_tv.value' }],
  };
  assert.deepEqual(located(graph), [['dangling-term', 'w_tv']]);
  assert.deepEqual(located({ ...graph, edges: [...graph.edges, { from: 'w_tv.value', to: 'j_total.terms' }] }), []);
});

test('graphs without an optimizer (evaluated once) and every example have no dangling term', () => {
  for (const name of ['seed', 'tv', 'two-regions', 'two-styles', 'portrait-identity', 'multiscale', 'verify', 'identify', 'sliced', 'wasserstein', 'original-colours']) {
    assert.deepEqual(located(example(name)).filter(([code]) => code === 'dangling-term'), [], name);
  }
});

test('bypass: format version 2, one line of the canonical text, version-1 files unchanged', () => {
  assert.equal(writeCanonical(seed()), seedText, 'a version-1 file writes back byte for byte');
  const text = writeCanonical(bypassed(seed(), 'w_style_conv1_1'));
  assert.match(text, /"version": 2,/);
  const changed = text.split('\n').filter((line, i) => line !== seedText.split('\n')[i]);
  assert.ok(text.includes('      "params": {\n        "w": 0.2\n      },\n      "bypass": true,\n      "ui"'), 'bypass between params and ui');
  assert.equal(text.split('\n').length, seedText.split('\n').length + 1, 'one more line');
  assert.ok(changed.length > 0);
  const back = parseGraph(text);
  assert.deepEqual(back.problems, []);
  assert.equal(writeCanonical(back.graph!), text, 'load -> save of the bypassed file is byte-identical');
  assert.equal(back.graph!.nodes.find((n) => n.id === 'w_style_conv1_1')!.bypass, true);
  assert.equal(writeCanonical(setBypass(back.graph!, ['w_style_conv1_1'], true)!), seedText, 'turned back on: the version-1 file again');
  assert.match(parseGraph(seedText.replace('"type": "weight",', '"type": "weight", "bypass": "yes",')).problems[0]!.message, /"bypass" must be true or false/);
});

test('the JSON schema offers bypass on terms only', () => {
  const nodes = ((graphJsonSchema().properties as Record<string, { items: { oneOf: { properties: Record<string, unknown> & { type: { const: string } } }[] } }>).nodes.items.oneOf);
  const has = (type: string) => 'bypass' in nodes.find((n) => n.properties.type.const === type)!.properties;
  assert.deepEqual(['weight', 'sum', 'loss.tv', 'loss.style', 'encoding.distance', 'gram', 'image.load', 'optimizer'].map(has), [true, true, true, true, true, false, false, false]);
});

test('a bypassed term is left out of J: not computed, not reported, the sum adds the others', () => {
  const plan = compile(bypassed(seed(), 'w_style_conv1_1'));
  const loop = plan.loop.map((p) => p.node.id);
  for (const id of ['w_style_conv1_1', 'j_style_conv1_1', 'gram_generated_conv1_1', 'generated_conv1_1']) assert.ok(!loop.includes(id), id);
  assert.ok(!plan.constants.some((p) => p.node.id === 'gram_style_conv1_1'), 'its style target is not computed either');
  assert.deepEqual(plan.loop.find((p) => p.node.id === 'j_style')!.inputs.get('terms')!.map((s) => s.node.id), ['w_style_conv2_1', 'w_style_conv3_1', 'w_style_conv4_1', 'w_style_conv5_1']);
  assert.ok(!plan.reported.includes('w_style_conv1_1') && !plan.reported.includes('j_style_conv1_1'));
});

test('bypassing a loss turns its weight off too; a sum whose terms are all off is off; J all off is a problem', () => {
  const plan = compile(bypassed(seed(), 'j_content'));
  assert.deepEqual(plan.loop.find((p) => p.node.id === 'j_total')!.inputs.get('terms')!.map((s) => s.node.id), ['beta'], 'alpha (10 x a bypassed loss) is left out');
  const allStyle = bypassed(seed(), 'w_style_conv1_1', 'w_style_conv2_1', 'w_style_conv3_1', 'w_style_conv4_1', 'w_style_conv5_1');
  assert.deepEqual(compile(allStyle).loop.find((p) => p.node.id === 'j_total')!.inputs.get('terms')!.map((s) => s.node.id), ['alpha']);
  assert.deepEqual(located(bypassed(seed(), 'j_content', 'j_style')), [['bypass', 'adam']]);
  assert.match(validateGraph(bypassed(seed(), 'j_total')).problems[0]!.message, /node "adam" \(optimizer\): every term of J is bypassed: nothing is left to minimise/);
});

test('only terms can be bypassed; bypassed terms are not dangling; a node feeding only a bypassed one is not either', () => {
  assert.deepEqual(located(bypassed(seed(), 'w_style_conv1_1')), []);
  const onGram: Graph = { ...seed(), nodes: seed().nodes.map((n) => (n.id === 'gram_style_conv1_1' ? { ...n, bypass: true as const } : n)) };
  assert.deepEqual(located(onGram), [['bypass', 'gram_style_conv1_1']]);
  assert.equal(setBypass(seed(), ['gram_style_conv1_1'], false), undefined, 'setBypass leaves non-terms alone');
  // A bypassed weight whose sum edge is gone: off, so not dangling; its loss feeds only it: not dangling either.
  const cut = bypassed(seed(), 'w_style_conv1_1');
  assert.deepEqual(located({ ...cut, edges: cut.edges.filter((e) => e.from !== 'w_style_conv1_1.value') }), []);
});

test('the chart plots J\'s own terms, then the other loss nodes, then J (portrait-identity shows gamma)', () => {
  assert.deepEqual(plottedTerms(compile(seed())), ['alpha', 'beta', 'j_content', 'j_style_conv1_1', 'j_style_conv2_1', 'j_style_conv3_1', 'j_style_conv4_1', 'j_style_conv5_1', 'j_total']);
  const portrait = plottedTerms(compile(example('portrait-identity')));
  assert.deepEqual(portrait.slice(0, 4), ['alpha', 'beta', 'gamma', 'w_tv']);
  assert.equal(portrait.at(-1), 'j_total');
  const plan = compile(example('portrait-identity'));
  for (const id of portrait) assert.ok(plan.reported.includes(id), `${id} is one of the run's losses`);
  assert.ok(!plottedTerms(compile(bypassed(seed(), 'j_content'))).some((id) => id === 'alpha' || id === 'j_content'), 'bypassed terms are not plotted');
});
