import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadGraph } from '../../src/core/graph/load';
import type { Graph } from '../../src/core/graph/types';
import { SEED_GRAPH } from '../helpers/paths';
import { parseGraph } from '../../src/core/graph/parse';
import { validateGraph } from '../../src/core/graph/validate';
import { writeCanonical } from '../../src/core/graph/canonical';
import { bypassState, canBypass, liveIndex, setBypass } from '../../src/core/graph/bypass';
import { compile } from '../../src/core/compile/plan';

const seedText = readFileSync(SEED_GRAPH, 'utf8');
const seed = (): Graph => loadGraph(seedText).graph!;
const located = (graph: Graph) => validateGraph(graph).problems.map((p) => [p.code, p.nodeId]);
const bypassed = (graph: Graph, ...ids: string[]): Graph => setBypass(graph, ids, false)!;

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

test('canBypass: types with a scalar output only; an unknown type cannot be', () => {
  assert.deepEqual(['weight', 'sum', 'loss.content', 'loss.tv', 'gram', 'vgg19.layer', 'image.load', 'optimizer', 'nosuch'].map(canBypass), [true, true, true, true, false, false, false, false, false]);
});

test('bypassState: a bypassed loss turns off its weight, a sum with one term left stays on, the optimizer is never off', () => {
  const off = (graph: Graph) => {
    const { order, index } = validateGraph(graph);
    const state = bypassState(order, index);
    return { off: [...state.off].map((n) => n.id).sort(), problems: state.problems.map((p) => [p.nodeId, p.port]) };
  };
  assert.deepEqual(off(seed()), { off: [], problems: [] });
  assert.deepEqual(off(bypassed(seed(), 'j_style_conv1_1', 'j_style_conv2_1')), { off: ['j_style_conv1_1', 'j_style_conv2_1', 'w_style_conv1_1', 'w_style_conv2_1'], problems: [] });
  const styleOff = bypassed(seed(), 'w_style_conv1_1', 'w_style_conv2_1', 'w_style_conv3_1', 'w_style_conv4_1', 'w_style_conv5_1');
  assert.deepEqual(off(styleOff).off, ['beta', 'j_style', 'w_style_conv1_1', 'w_style_conv2_1', 'w_style_conv3_1', 'w_style_conv4_1', 'w_style_conv5_1']);
  assert.deepEqual(off(bypassed(seed(), 'j_total')), { off: ['j_total'], problems: [['adam', 'loss']] });
});

test('liveIndex: no edges out of off nodes; with none off the index itself', () => {
  const { index, off, order } = validateGraph(bypassed(seed(), 'alpha'));
  assert.equal(liveIndex(index, new Set()), index);
  const live = liveIndex(index, off);
  const byId = (id: string) => order.find((n) => n.id === id)!;
  assert.deepEqual(live.outgoing.get(byId('alpha')), []);
  assert.deepEqual(live.incoming.get(byId('j_total'))!.map((e) => e.from.node.id), ['beta']);
  assert.deepEqual(index.incoming.get(byId('j_total'))!.map((e) => e.from.node.id).sort(), ['alpha', 'beta'], 'the index given is not changed');
  assert.deepEqual(live.incoming.get(byId('alpha'))!.map((e) => e.from.node.id), ['j_content'], 'edges into an off node stay');
});

test('setBypass: nothing to change is undefined; turning on clears even a bypass that was not allowed', () => {
  const once = bypassed(seed(), 'alpha');
  assert.equal(setBypass(once, ['alpha'], false), undefined, 'already off');
  assert.equal(setBypass(seed(), ['alpha'], true), undefined, 'already on');
  assert.equal(setBypass(seed(), ['nosuch'], false), undefined);
  const onGram: Graph = { ...seed(), nodes: seed().nodes.map((n) => (n.id === 'gram_style_conv1_1' ? { ...n, bypass: true as const } : n)) };
  const cleared = setBypass(onGram, ['gram_style_conv1_1', 'alpha'], true)!;
  assert.deepEqual(cleared.nodes.filter((n) => n.bypass).map((n) => n.id), []);
  assert.ok(!('bypass' in cleared.nodes.find((n) => n.id === 'gram_style_conv1_1')!), 'the key is gone, not false');
  assert.deepEqual(setBypass(seed(), ['alpha', 'gram_style_conv1_1', 'beta'], false)!.nodes.filter((n) => n.bypass).map((n) => n.id), ['alpha', 'beta']);
});
