import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadGraph } from '../../src/core/graph/load';
import { parseGraph } from '../../src/core/graph/parse';
import { writeCanonical } from '../../src/core/graph/canonical';
import { compile } from '../../src/core/compile/plan';
import type { GraphEdge, GraphNode } from '../../src/core/graph/types';
import { SEED_GRAPH } from '../helpers/paths';

const CHAIN = 12_000;
const FAN = 12_000;

/**
 * The seed graph grown past 5 MB and still valid: a line of CHAIN weight nodes spliced between a
 * style loss and its weight, and FAN more weights from another style loss into the style sum.
 */
function largeGraphText(): string {
  const seed = parseGraph(readFileSync(SEED_GRAPH, 'utf8')).graph!;
  const weight = (id: string, x: number): GraphNode => ({ id, type: 'weight', params: { w: 1 }, ui: { pos: [x, 2000] } });
  const nodes: GraphNode[] = [...seed.nodes];
  const edges: GraphEdge[] = seed.edges.filter((e) => !(e.from === 'j_style_conv1_1.loss' && e.to === 'w_style_conv1_1.value'));
  for (let i = 0; i < CHAIN; i++) {
    nodes.push(weight(`chain_${i}`, i));
    edges.push({ from: i === 0 ? 'j_style_conv1_1.loss' : `chain_${i - 1}.value`, to: `chain_${i}.value` });
  }
  edges.push({ from: `chain_${CHAIN - 1}.value`, to: 'w_style_conv1_1.value' });
  for (let i = 0; i < FAN; i++) {
    nodes.push(weight(`fan_${i}`, i));
    edges.push({ from: 'j_style_conv2_1.loss', to: `fan_${i}.value` }, { from: `fan_${i}.value`, to: 'j_style.terms' });
  }
  return writeCanonical({ ...seed, nodes, edges });
}

test('a valid 5 MB graph of 24,000 weight nodes loads, validates and compiles', () => {
  const text = largeGraphText();
  assert.ok(text.length > 5_000_000, `${text.length} characters`);
  const started = Date.now();
  const { graph, problems } = loadGraph(text);
  const loaded = Date.now();
  assert.deepEqual(problems, []);
  const plan = compile(graph!);
  const compiled = Date.now();
  console.log(`large graph: ${(text.length / 1e6).toFixed(1)} MB, ${graph!.nodes.length} nodes: load + validate ${loaded - started} ms, compile ${compiled - loaded} ms`);
  const loop = plan.loop.map((p) => p.node.id);
  assert.equal(plan.loss.id, 'j_total');
  assert.equal(loop.filter((id) => id.startsWith('chain_') || id.startsWith('fan_')).length, CHAIN + FAN);
  assert.ok(loop.indexOf('j_style_conv1_1') < loop.indexOf('chain_0'));
  assert.ok(loop.indexOf(`chain_${CHAIN - 1}`) < loop.indexOf('w_style_conv1_1'));
  assert.ok(loop.indexOf(`fan_${FAN - 1}`) < loop.indexOf('j_style'));
});
