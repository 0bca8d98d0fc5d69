import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadGraph } from '../../src/core/graph/load';
import type { Graph } from '../../src/core/graph/types';
import { SEED_GRAPH } from '../helpers/paths';
import { setBypass } from '../../src/core/graph/bypass';
import { compile } from '../../src/core/compile/plan';
import { plottedTerms, plottedTermsOf } from '../../src/core/compile/plotted-terms';

const seed = (): Graph => loadGraph(readFileSync(SEED_GRAPH, 'utf8')).graph!;
const example = (name: string): Graph => loadGraph(readFileSync(join(dirname(SEED_GRAPH), `${name}.stylegraph.json`), 'utf8')).graph!;
const bypassed = (graph: Graph, ...ids: string[]): Graph => setBypass(graph, ids, false)!;

test('the chart plots J\'s own terms, then the other loss nodes, then J (portrait-identity shows gamma)', () => {
  assert.deepEqual(plottedTerms(compile(seed())), ['alpha', 'beta', 'j_content', 'j_style_conv1_1', 'j_style_conv2_1', 'j_style_conv3_1', 'j_style_conv4_1', 'j_style_conv5_1', 'j_total']);
  const portrait = plottedTerms(compile(example('portrait-identity')));
  assert.deepEqual(portrait.slice(0, 4), ['alpha', 'beta', 'gamma', 'w_tv']);
  assert.equal(portrait.at(-1), 'j_total');
  const plan = compile(example('portrait-identity'));
  for (const id of portrait) assert.ok(plan.reported.includes(id), `${id} is one of the run's losses`);
  assert.ok(!plottedTerms(compile(bypassed(seed(), 'j_content'))).some((id) => id === 'alpha' || id === 'j_content'), 'bypassed terms are not plotted');
});

test('plottedTerms: each group in id order whatever the loop\'s order', () => {
  const plan = compile(seed());
  assert.deepEqual(plottedTerms({ loss: plan.loss, loop: [...plan.loop].reverse() }), plottedTerms(plan));
  // J's terms in the file's edge order: beta's edge first.
  const reversed = compile({ ...seed(), edges: [...seed().edges].reverse() });
  assert.deepEqual(reversed.loop.find((p) => p.node.id === 'j_total')!.inputs.get('terms')!.map((s) => s.node.id), ['beta', 'alpha']);
  assert.deepEqual(plottedTerms(reversed), plottedTerms(plan));
});

test('plottedTermsOf: the terms of the graph as it would run; none when it does not compile', () => {
  assert.deepEqual(plottedTermsOf(seed()), plottedTerms(compile(seed())));
  assert.equal(plottedTermsOf(bypassed(seed(), 'j_total')), undefined);
  assert.equal(plottedTermsOf(example('verify')), undefined, 'evaluated once: no optimizer, no chart');
});
