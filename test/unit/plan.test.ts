import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { compile, forwardPasses, upstreamOf, type PlannedNode } from '../../src/core/compile/plan';
import { GraphError } from '../../src/core/graph/problems';
import { loadGraph } from '../../src/core/graph/load';
import type { Graph } from '../../src/core/graph/types';
import { seedGraph, withParams } from '../helpers/seed-run';
import { SEED_GRAPH } from '../helpers/paths';

const ids = (nodes: readonly PlannedNode[]) => nodes.map((p) => p.node.id);
const example = (name: string): Graph => loadGraph(readFileSync(join(dirname(SEED_GRAPH), `${name}.stylegraph.json`), 'utf8')).graph!;

test('compile: what does not depend on the generated image is computed once, the rest each iteration, in dependency order', () => {
  const plan = compile(seedGraph());
  assert.equal(plan.optimizer.id, 'adam');
  assert.equal(plan.loss.id, 'j_total');
  assert.equal(plan.generated.node.id, 'generated');
  const constants = ids(plan.constants);
  const loop = ids(plan.loop);
  for (const id of ['content', 'content_conv4_2', 'style', 'style_conv1_1', 'gram_style_conv5_1']) assert.ok(constants.includes(id), id);
  for (const id of ['generated', 'generated_conv1_1', 'gram_generated_conv1_1', 'j_style_conv1_1', 'w_style_conv1_1', 'j_style', 'alpha', 'beta', 'j_total']) assert.ok(loop.includes(id), id);
  assert.equal(constants.length + loop.length, 40, 'every node but the optimizer and the output');
  assert.equal(loop.at(-1), 'j_total');
  assert.ok(loop.indexOf('gram_generated_conv1_1') > loop.indexOf('generated_conv1_1'));
  assert.deepEqual(ids(plan.outputs), ['result']);
  assert.deepEqual(plan.reported, loop.filter((id) => /^(j_|w_|alpha|beta)/.test(id)), 'the loop\'s scalars, in loop order');
  assert.deepEqual(plan.shapes.get('generated_conv4_2'), { type: 'features', height: 3, width: 4, channels: 512 });
  assert.deepEqual(plan.loop.find((p) => p.node.id === 'j_content')!.inputs, new Map([['content', [{ node: plan.constants.find((p) => p.node.id === 'content_conv4_2')!.node, port: 'features' }]], ['generated', [{ node: plan.loop.find((p) => p.node.id === 'generated_conv4_2')!.node, port: 'features' }]]]));
});

test('compile: a graph with problems throws every one of them; an evaluation graph is not compiled', () => {
  const broken = withParams(withParams(seedGraph(), 'alpha', { w: -1 }), 'adam', { iterations: 0 });
  assert.throws(() => compile(broken, 'seed.stylegraph.json'), (e: unknown) => {
    assert.ok(e instanceof GraphError);
    assert.equal(e.source, 'seed.stylegraph.json');
    assert.deepEqual(e.problems.map((p) => p.nodeId).sort(), ['adam', 'alpha']);
    return true;
  });
  assert.throws(() => compile(example('verify'), 'verify'), { message: 'verify has no optimizer: it is evaluated once (compileEvaluation), not optimised' });
});

test('forwardPasses: one pass per image and pooling, with every layer asked of it', () => {
  const plan = compile(seedGraph());
  const { key, layers } = plan.forward;
  assert.equal(key.get('generated_conv1_1'), 'generated.image|avg');
  assert.equal(key.get('style_conv3_1'), 'style.image|avg');
  assert.deepEqual(new Map([...layers].map(([k, v]) => [k, [...v].sort()])), new Map([
    ['content.image|avg', ['conv4_2']],
    ['style.image|avg', ['conv1_1', 'conv2_1', 'conv3_1', 'conv4_1', 'conv5_1']],
    ['generated.image|avg', ['conv1_1', 'conv2_1', 'conv3_1', 'conv4_1', 'conv4_2', 'conv5_1']],
  ]));
  const maxPooled = compile(withParams(seedGraph(), 'generated_conv1_1', { pooling: 'max' })).forward;
  assert.equal(maxPooled.key.get('generated_conv1_1'), 'generated.image|max');
  assert.deepEqual([...maxPooled.layers.get('generated.image|max')!], ['conv1_1']);
  assert.deepEqual(forwardPasses([]), { key: new Map(), layers: new Map() });
});

test('upstreamOf: the nodes given and all they read, stopping at the nodes named', () => {
  const plan = compile(seedGraph());
  const all = [...plan.constants, ...plan.loop];
  assert.deepEqual([...upstreamOf(['alpha'], all)].sort(), ['alpha', 'content', 'content_conv4_2', 'generated', 'generated_conv4_2', 'j_content']);
  assert.deepEqual([...upstreamOf(['alpha'], all, (id) => id === 'generated' || id === 'content')].sort(), ['alpha', 'content_conv4_2', 'generated_conv4_2', 'j_content']);
  assert.deepEqual([...upstreamOf(['alpha'], all, (id) => id === 'alpha')], []);
});
