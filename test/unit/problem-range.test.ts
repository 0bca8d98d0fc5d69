import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadGraph } from '../../src/core/graph/load';
import { parsePath, problemLocator } from '../../src/core/graph/problem-range';
import { SEED_GRAPH } from '../helpers/paths';

const seedText = readFileSync(SEED_GRAPH, 'utf8');

function ranges(text: string): { code: string; at: string; line: number }[] {
  const { graph, problems } = loadGraph(text);
  const locator = problemLocator(text, graph);
  return problems.map((p) => {
    const { start, end } = locator.rangeOf(p);
    return { code: p.code, at: text.slice(start, end), line: text.slice(0, start).split('\n').length };
  });
}

test('an edge to a missing node is located on that edge', () => {
  const text = seedText.replace('{ "from": "beta.value", "to": "j_total.terms" }', '{ "from": "nobody.value", "to": "j_total.terms" }');
  assert.notEqual(text, seedText);
  const found = ranges(text).filter((r) => r.code === 'dangling-edge');
  assert.equal(found.length, 1);
  assert.equal(found[0]!.at, '{ "from": "nobody.value", "to": "j_total.terms" }');
  assert.equal(found[0]!.line, text.split('\n').findIndex((l) => l.includes('nobody.value')) + 1);
});

test('a param out of range is located on its value; a node problem on its id; JSON errors at their line and column', () => {
  const text = seedText.replace('"w": 40', '"w": -5');
  const found = ranges(text);
  assert.ok(found.some((r) => r.code === 'param-range' && r.at === '-5'), JSON.stringify(found));
  const unknown = ranges(seedText.replace('"type": "optimizer"', '"type": "no.such"'));
  assert.ok(unknown.some((r) => r.code === 'unknown-type' && /^"(?:no\.such|adam)"$/.test(r.at)), JSON.stringify(unknown));
  const broken = ranges('{\n  "format": "stylegraph",\n  "nodes": [,]\n}');
  assert.deepEqual(broken.map((r) => [r.code, r.line]), [['json', 3]]);
});

test('paths: dots, indexes and quoted names', () => {
  assert.deepEqual(parsePath('nodes[3].params.w'), ['nodes', 3, 'params', 'w']);
  assert.deepEqual(parsePath('nodes[0].params["a b"]'), ['nodes', 0, 'params', 'a b']);
  assert.deepEqual(parsePath('$'), []);
});

test('a file nested deeper than the parser can recurse falls back to the first line instead of throwing', () => {
  const deep = `{"format":"stylegraph","version":1,"nodes":[{"id":"a","type":"weight","params":{"w":${'['.repeat(100_000)}${']'.repeat(100_000)}}}],"edges":[]}`;
  const { graph, problems } = loadGraph(deep);
  const locator = problemLocator(deep, graph);
  for (const p of problems) assert.ok(locator.rangeOf(p).end <= deep.length);
  assert.ok(problems.length > 0);
});
