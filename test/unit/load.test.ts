import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadGraph } from '../../src/core/graph/load';
import type { Problem } from '../../src/core/graph/problems';
import { FIXTURES, SEED_GRAPH } from '../helpers/paths';

const load = (name: string) => loadGraph(readFileSync(join(FIXTURES, 'graphs', name), 'utf8'));
const summary = (problems: readonly Problem[]) => problems.map((p) => [p.code, p.nodeId ?? '', p.port ?? p.param ?? ''].join(' ')).sort();

test('the seed example loads without problems', () => {
  const { graph, problems } = loadGraph(readFileSync(SEED_GRAPH, 'utf8'));
  assert.deepEqual(problems, []);
  assert.equal(graph?.nodes.length, 42);
});

test('a file that is not JSON: one problem with line and column', () => {
  const { graph, problems } = load('not-json.stylegraph.json');
  assert.equal(graph, undefined);
  assert.deepEqual(problems, [{
    code: 'json',
    message: 'not valid JSON: expected a property name after ",", found "}" (JSON allows no trailing comma) at line 5, column 36',
    line: 5,
    column: 36,
  }]);
});

test('each kind of JSON error gets its line and column', () => {
  const cases: [string, string, string, number, number][] = [
    ['missing comma', '{\n  "format": "stylegraph"\n  "version": 1\n}', 'expected "," or "}" after a property value, found a string', 3, 3],
    ['unterminated string', '{\n  "format": "stylegr', 'unterminated string: no closing quote before the end of the file', 2, 13],
    ['string cut by a line break', '{ "a": "x\n" }', 'unterminated string: no closing quote before the end of the line', 1, 8],
    ['trailing comma in an array', '{\n  "nodes": [1, 2,]\n}', 'expected a value after ",", found "]" (JSON allows no trailing comma)', 2, 18],
    ['bare word', '{ "format": stylegraph }', 'expected a value, found "stylegraph"', 1, 13],
    ['empty file', '', 'expected a value, found the end of the file', 1, 1],
    ['only whitespace', ' \r\n\t\n  ', 'expected a value, found the end of the file', 3, 3],
    ['stray ]', '{ "a": 1 ]', 'expected "," or "}" after a property value, found "]"', 1, 10],
    ['text after the value', '{ "a": 1 }\n{}', 'expected the end of the file after the JSON value, found "{"', 2, 1],
    ['comment', '{\n // note\n "a": 1 }', 'comments are not allowed in JSON', 2, 2],
    ['single quotes', "{ 'a': 1 }", 'expected a property name in double quotes or "}", found "\'a\'"', 1, 3],
    ['missing colon', '{ "a" 1 }', 'expected ":" after the property name, found a number', 1, 7],
    ['bad escape', '{ "a": "x\\qy" }', 'invalid escape in a string: a backslash followed by "q"', 1, 10],
    ['short \\u escape', '{ "a": "\\u12" }', 'invalid \\u escape in a string: it needs 4 hex digits', 1, 9],
    ['control character', '{ "a": "x\ty" }', 'control character U+0009 in a string (write it as an escape such as \\n)', 1, 10],
    ['incomplete number', '{ "a": 1. }', 'incomplete number "1."', 1, 8],
    ['NaN', '{ "a": NaN }', 'expected a value, found "NaN"', 1, 8],
    ['unclosed object at the end', '{ "a": [1]', 'expected "," or "}" after a property value, found the end of the file', 1, 11],
  ];
  for (const [name, text, message, line, column] of cases) {
    const { graph, problems } = loadGraph(text);
    assert.equal(graph, undefined, name);
    assert.deepEqual(problems, [{ code: 'json', message: `not valid JSON: ${message} at line ${line}, column ${column}`, line, column }], name);
  }
});

test('a UTF-8 byte order mark before the JSON is accepted', () => {
  const { graph, problems } = loadGraph(`\ufeff${readFileSync(SEED_GRAPH, 'utf8')}`);
  assert.deepEqual(problems, []);
  assert.equal(graph?.nodes.length, 42);
  assert.equal(loadGraph('\ufeff{ "a": }').problems[0]!.message, 'not valid JSON: expected a value, found "}" at line 1, column 8');
});

test('wrong format and a newer version are both reported', () => {
  const { graph, problems } = load('wrong-format.stylegraph.json');
  assert.equal(graph, undefined);
  assert.deepEqual(problems.map((p) => p.code), ['format', 'version']);
  assert.match(problems[1]!.message, /version 3; this stylegraph reads up to version 2/);
});

test('every problem of a broken graph at once, each with its node, port or param', () => {
  const { problems } = load('many-problems.stylegraph.json');
  assert.deepEqual(summary(problems), [
    'bad-edge  ',
    'bad-id  ',
    'cycle w1 ',
    'dangling-edge  ',
    'dangling-term jc ',
    'duplicate-id jc ',
    'extra-input vc image',
    'generated-count opt ',
    'missing-input g features',
    'missing-input jc generated',
    'missing-input jc value',
    'param-range content width',
    'param-range gen noiseRatio',
    'param-range opt iterations',
    'param-range vc layer',
    'param-type gen seed',
    'type-mismatch w1 value',
    'unknown-param gen colour',
    'unknown-port g gram',
    'unknown-type blur ',
  ]);
  const message = (code: string) => problems.find((p) => p.code === code)!.message;
  assert.equal(message('type-mismatch'), 'node "w1": input value takes scalar, but "vg.features" gives features');
  assert.equal(message('dangling-edge'), 'edge 6 ("ghost.image" -> "vg.image"): no node "ghost"');
  assert.equal(message('cycle'), 'node "w1": cycle w1 -> w2 -> w1');
  assert.match(message('param-range'), /node "content" \(image.load\): param width: -5 is outside 0..4096/);
});

test('two generated images for one optimizer, two optimizers, an optimizer result fed back', () => {
  const { problems } = load('two-generated.stylegraph.json');
  assert.deepEqual(summary(problems), [
    'cycle fa ',
    'extra-input fa image',
    'generated-count opt ',
    'generated-count opt2 ',
    'optimizer-count opt2 ',
    'optimizer-output fa image',
  ]);
  assert.match(problems.find((p) => p.code === 'generated-count')!.message, /depends on 2 \("a", "b"\)/);
});

test('missing params take their catalogue defaults', () => {
  const { graph } = load('two-generated.stylegraph.json');
  assert.deepEqual(graph!.nodes.find((n) => n.id === 'opt')!.params, {
    method: 'adam', learningRate: 2, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, historySize: 10, iterations: 200, previewEvery: 20, minSize: 0, ema: 0,
  });
});

/** The seed graph's text with `edit` applied to its parsed form; `raw` strings are put back as raw JSON text. */
function seedWith(edit: (doc: { nodes: Record<string, unknown>[]; edges: Record<string, unknown>[] }) => void, raw = ''): string {
  const doc = JSON.parse(readFileSync(SEED_GRAPH, 'utf8')) as { nodes: Record<string, unknown>[]; edges: Record<string, unknown>[] };
  edit(doc);
  return JSON.stringify(doc).replace('"@RAW@"', raw);
}
const seedNode = (doc: { nodes: Record<string, unknown>[] }, id: string) => doc.nodes.find((n) => n.id === id)!;

test('params named __proto__, constructor or toString are unknown params of their node, not lost or mistaken', () => {
  const text = seedWith((doc) => {
    seedNode(doc, 'alpha').params = { w: 10, constructor: 1, toString: 'x' };
  }).replace('"params":{"w":10,', '"params":{"__proto__":5,"w":10,');
  const { graph, problems } = loadGraph(text);
  assert.deepEqual(summary(problems), ['unknown-param alpha __proto__', 'unknown-param alpha constructor', 'unknown-param alpha toString']);
  const params = graph!.nodes.find((n) => n.id === 'alpha')!.params;
  assert.deepEqual(Object.keys(params), ['w', '__proto__', 'constructor', 'toString']);
  assert.equal(Object.getPrototypeOf(params), Object.prototype);
  assert.equal(params.__proto__, 5);
});

test('a huge id, type, param name, edge end or param value gives short messages', () => {
  const huge = 'x'.repeat(2_000_000);
  const text = seedWith((doc) => {
    seedNode(doc, 'alpha').id = 'a'.repeat(65);
    seedNode(doc, 'beta').id = huge;
    seedNode(doc, 'j_style').type = huge;
    seedNode(doc, 'adam').params = { method: huge, [huge]: 1 };
    doc.edges[0]!.from = `${huge}.value`;
  });
  const { problems } = loadGraph(text);
  assert.deepEqual(
    problems.filter((p) => p.message.length > 200).map((p) => `${p.code}: ${p.message.length} characters`),
    [],
  );
  const badIds = problems.filter((p) => p.code === 'bad-id');
  assert.equal(badIds.length, 2);
  assert.match(badIds[0]!.message, /"id" must be a name of 1 to 64 letters, .* found "a{60}…"$/);
  assert.ok(problems.some((p) => p.code === 'unknown-type' && p.nodeId === 'j_style'));
  assert.ok(problems.some((p) => p.code === 'param-range' && p.nodeId === 'adam' && p.param === 'method'));
  assert.ok(problems.some((p) => p.code === 'unknown-param' && p.nodeId === 'adam'));
  assert.ok(problems.some((p) => p.code === 'dangling-edge' && p.edge === 0));
  assert.deepEqual(loadGraph(seedWith((doc) => (seedNode(doc, 'alpha').id = 'a'.repeat(64)))).problems.filter((p) => p.code === 'bad-id'), []);
});

test('a param value nested 10,000 deep is one problem on its node, without a stack overflow', () => {
  const depth = 10_000;
  const text = seedWith((doc) => (seedNode(doc, 'alpha').params = { w: '@RAW@' }), '['.repeat(depth) + ']'.repeat(depth));
  const { problems } = loadGraph(text);
  assert.deepEqual(problems.map((p) => [p.code, p.nodeId, p.param, p.path]), [['param-type', 'alpha', 'w', `nodes[${JSON.parse(readFileSync(SEED_GRAPH, 'utf8')).nodes.findIndex((n: { id: string }) => n.id === 'alpha')}].params.w`]]);
  assert.equal(problems[0]!.message, 'node "alpha": param "w" must be a number, string or boolean, found an array of 1');
});
