import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { MAX_NODE_ID_LENGTH, MAX_TITLE_LENGTH, parseGraph } from '../../src/core/graph/parse';
import { problemLocator } from '../../src/core/graph/problem-range';
import { nodeDef } from '../../src/core/nodes/catalogue';
import { SEED_GRAPH } from '../helpers/paths';

const doc = (body: Record<string, unknown>) => JSON.stringify({ format: 'stylegraph', version: 1, ...body }, null, 2);
const weight = (extra: Record<string, unknown> = {}) => ({ id: 'w', type: 'weight', params: { w: 2 }, ui: { pos: [1, 2] }, ...extra });
/** The problems as [code, path, the text their range covers]. */
function located(text: string): [string, string | undefined, string][] {
  const { graph, problems } = parseGraph(text);
  const locator = problemLocator(text, graph);
  return problems.map((p) => {
    const { start, end } = locator.rangeOf(p);
    return [p.code, p.path, text.slice(start, end)];
  });
}

test('parseGraph: a well-formed file reads as written, missing params at their catalogue defaults', () => {
  const { graph, problems } = parseGraph(doc({ nodes: [weight(), { id: 'opt', type: 'optimizer', params: { iterations: 5 } }], edges: [{ from: 'w.value', to: 'opt.loss' }] }));
  assert.deepEqual(problems, []);
  assert.deepEqual(graph!.nodes[0], { id: 'w', type: 'weight', params: { w: 2 }, ui: { pos: [1, 2] } });
  const defaults = Object.fromEntries(nodeDef('optimizer')!.params.map((p) => [p.name, p.default]));
  assert.deepEqual(graph!.nodes[1]!.params, { ...defaults, iterations: 5 });
  assert.deepEqual(graph!.nodes[1]!.ui, { pos: [0, 0] }, 'no ui: at the origin');
  assert.deepEqual(graph!.edges, [{ from: 'w.value', to: 'opt.loss' }]);
  assert.equal(graph!.version, 2, 'read as the newest version');
  assert.ok(!('groups' in graph!));
  assert.deepEqual(parseGraph(readFileSync(SEED_GRAPH, 'utf8')).problems, []);
});

test('parseGraph: not JSON, not an object, another format or version: no graph', () => {
  assert.deepEqual(parseGraph('{\n  "a": }').problems, [{ code: 'json', message: 'not valid JSON: expected a value, found "}" at line 2, column 8', line: 2, column: 8 }]);
  for (const text of ['[]', 'null', '"stylegraph"', '3']) {
    assert.deepEqual(parseGraph(text), { problems: [{ code: 'structure', message: 'the file must hold a JSON object', path: '$' }] }, text);
  }
  const wrong = parseGraph(JSON.stringify({ format: 'other', version: 1.5, nodes: [] }));
  assert.equal(wrong.graph, undefined);
  assert.deepEqual(wrong.problems.map((p) => [p.code, p.message, p.path]), [
    ['format', '"format" must be "stylegraph", found "other"', 'format'],
    ['version', '"version" must be a positive integer, found 1.5', 'version'],
  ]);
  assert.deepEqual(parseGraph(doc({ version: 0 })).problems.map((p) => p.message), ['"version" must be a positive integer, found 0']);
  assert.deepEqual(parseGraph(doc({ version: '1' })).problems.map((p) => p.message), ['"version" must be a positive integer, found "1"']);
  assert.deepEqual(parseGraph(doc({ version: 3 })).problems.map((p) => p.message), ['the file is version 3; this stylegraph reads up to version 2: update stylegraph']);
  assert.deepEqual(parseGraph(JSON.stringify({ version: 1 })).problems.map((p) => p.message), ['"format" must be "stylegraph", found nothing']);
});

test('parseGraph: malformed nodes, params and edges are each a problem located on their value; the rest is read', () => {
  const text = doc({
    nodes: [
      weight(),
      'node',
      { id: '1abc', type: 'weight' },
      { id: 'x', type: 7 },
      { id: 'p', type: 'weight', params: [] },
      { id: 'q', type: 'weight', params: { w: [1], 'a b': null, ok: 'yes' }, bypass: 'on' },
    ],
    edges: [{ from: 'w.value', to: 'q.value' }, { from: 'w.value' }, 3],
  });
  const { graph } = parseGraph(text);
  assert.deepEqual(graph!.nodes.map((n) => n.id), ['w', 'p', 'q']);
  assert.deepEqual(graph!.nodes[2]!.params, { w: 1, ok: 'yes' }, 'good params kept, bad ones at the default');
  assert.equal(graph!.nodes[2]!.bypass, undefined);
  assert.deepEqual(graph!.edges, [{ from: 'w.value', to: 'q.value' }]);
  assert.deepEqual(located(text), [
    ['structure', 'nodes[1]', '"node"'],
    ['bad-id', 'nodes[2].id', '"1abc"'],
    ['structure', 'nodes[3].type', '7'],
    // An object or array is underlined by its key.
    ['structure', 'nodes[4].params', '"params"'],
    ['param-type', 'nodes[5].params.w', '"w"'],
    ['param-type', 'nodes[5].params["a b"]', 'null'],
    ['structure', 'nodes[5].bypass', '"on"'],
    ['bad-edge', 'edges[1]', '{\n      "from": "w.value"\n    }'],
    ['bad-edge', 'edges[2]', '3'],
  ]);
  const messages = parseGraph(text).problems.map((p) => p.message);
  assert.deepEqual(messages.slice(1, 4), [
    'nodes[2]: "id" must be a name of 1 to 64 letters, digits, _ and - (not starting with a digit), found "1abc"',
    'node "x": "type" must be a string',
    'node "p": "params" must be an object',
  ]);
  assert.equal(messages[4], 'node "q": param "w" must be a number, string or boolean, found an array of 1');
  assert.equal(messages[7], 'edges[1] must be { "from": "node.port", "to": "node.port" }');
});

test('parseGraph: nodes, edges and groups that are not arrays are problems; absent they are empty', () => {
  const { graph, problems } = parseGraph(doc({ nodes: {}, edges: 'none', groups: 1 }));
  assert.deepEqual(problems.map((p) => [p.code, p.message, p.path]), [
    ['structure', '"nodes" must be an array', 'nodes'],
    ['structure', '"edges" must be an array', 'edges'],
    ['structure', '"groups" must be an array', 'groups'],
  ]);
  assert.deepEqual([graph!.nodes, graph!.edges], [[], []]);
  assert.deepEqual(parseGraph(doc({})), { graph: { format: 'stylegraph', version: 2, nodes: [], edges: [] }, problems: [] });
});

test('parseGraph: ids of 64 characters pass, 65 do not; ids with dots or spaces do not', () => {
  const ids = ['a'.repeat(MAX_NODE_ID_LENGTH), 'a'.repeat(MAX_NODE_ID_LENGTH + 1), '_x-1', 'a.b', 'a b', '', '-a'];
  const { problems } = parseGraph(doc({ nodes: ids.map((id) => weight({ id })) }));
  assert.deepEqual(problems.map((p) => p.path), ['nodes[1].id', 'nodes[3].id', 'nodes[4].id', 'nodes[5].id', 'nodes[6].id']);
});

test('parseGraph: ui titles, collapsed nodes and groups (version 2), each checked', () => {
  const good = parseGraph(doc({
    nodes: [weight({ ui: { pos: [0, 0], title: 'Style weight', collapsed: true } }), weight({ id: 'v', ui: { pos: [5, 5], collapsed: false } })],
    groups: [{ title: 'Style', color: '#3f789e', bounds: [0, 0, 100, 50] }],
  }));
  assert.deepEqual(good.problems, []);
  assert.deepEqual(good.graph!.nodes.map((n) => n.ui), [{ pos: [0, 0], title: 'Style weight', collapsed: true }, { pos: [5, 5] }]);
  assert.deepEqual(good.graph!.groups, [{ title: 'Style', color: '#3f789e', bounds: [0, 0, 100, 50] }]);
  const text = doc({
    nodes: [
      weight({ ui: [0, 0] }),
      weight({ ui: { pos: [0, null] } }),
      weight({ ui: { pos: [0, 0], title: 'two\nlines' } }),
      weight({ ui: { pos: [0, 0], title: 't'.repeat(MAX_TITLE_LENGTH + 1) } }),
      weight({ ui: { pos: [0, 0], collapsed: 1 } }),
    ],
    groups: [{ title: 'g', color: 'blue', bounds: [0, 0, 1, 1] }, { title: 'g', color: '#fff', bounds: [0, 0, 0, 1] }, { title: 'g', color: '#fff', bounds: [0, 0, 1] }],
  });
  const { graph, problems } = parseGraph(text);
  assert.deepEqual(problems.map((p) => [p.code, p.path]), [
    ['structure', 'nodes[0].ui'],
    ['structure', 'nodes[1].ui.pos'],
    ['structure', 'nodes[2].ui.title'],
    ['structure', 'nodes[3].ui.title'],
    ['structure', 'nodes[4].ui.collapsed'],
    ['structure', 'groups[0]'],
    ['structure', 'groups[1]'],
    ['structure', 'groups[2]'],
  ]);
  assert.equal(problems[2]!.message, 'node "w": "ui.title" must be one line of at most 200 characters, found "two\\nlines"');
  assert.ok(graph!.nodes.every((n) => n.ui.pos[0] === 0 && n.ui.pos[1] === 0 && n.ui.title === undefined), 'a bad ui is read as the origin');
  assert.equal(graph!.groups, undefined);
});

test('parseGraph: untrusted keys stay data: __proto__ params are reported, the prototype is untouched', () => {
  const text = '{"format":"stylegraph","version":1,"nodes":[{"id":"w","type":"weight","params":{"__proto__":{"polluted":1},"w":3}}],"__proto__":{"nodes":[]}}';
  const { graph, problems } = parseGraph(text);
  assert.deepEqual(problems.map((p) => [p.code, p.param, p.path]), [['param-type', '__proto__', 'nodes[0].params.__proto__']]);
  assert.deepEqual(graph!.nodes.map((n) => n.params.w), [3]);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal(Object.getPrototypeOf(graph!.nodes[0]!.params), Object.prototype);
});
