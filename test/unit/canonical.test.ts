import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadGraph } from '../../src/core/graph/load';
import { parseGraph } from '../../src/core/graph/parse';
import { writeCanonical } from '../../src/core/graph/canonical';
import { SEED_GRAPH } from '../helpers/paths';

const seedText = readFileSync(SEED_GRAPH, 'utf8');

test('load -> save of a canonical file is byte-identical', () => {
  assert.equal(writeCanonical(loadGraph(seedText).graph!), seedText);
});

test('every example is canonical: opening one in the editor does not mark it changed', () => {
  const examples = dirname(SEED_GRAPH);
  const files = readdirSync(examples).filter((f) => f.endsWith('.stylegraph.json'));
  assert.ok(files.length >= 10, `examples found: ${files.join(', ')}`);
  for (const file of files) {
    const text = readFileSync(join(examples, file), 'utf8');
    assert.equal(writeCanonical(loadGraph(text).graph!), text, file);
  }
});

test('shuffled nodes, edges and keys, fractional positions: the same canonical text', () => {
  const graph = loadGraph(seedText).graph!;
  const shuffled = {
    edges: [...graph.edges].reverse().map((e) => ({ to: e.to, from: e.from })),
    nodes: [...graph.nodes].reverse().map((n) => ({ ui: { pos: [n.ui.pos[0] + 0.2, n.ui.pos[1] - 0.3] }, params: Object.fromEntries(Object.entries(n.params).reverse()), type: n.type, id: n.id })),
    version: 1,
    format: 'stylegraph',
  };
  assert.equal(writeCanonical(loadGraph(JSON.stringify(shuffled)).graph!), seedText);
});

test('moving one node changes one line', () => {
  const graph = loadGraph(seedText).graph!;
  const moved = { ...graph, nodes: graph.nodes.map((n) => (n.id === 'beta' ? { ...n, ui: { pos: [1510, 640] as const } } : n)) };
  const before = seedText.split('\n');
  const after = writeCanonical(moved).split('\n');
  assert.equal(after.length, before.length);
  const changed = after.filter((line, i) => line !== before[i]);
  assert.deepEqual(changed, ['      "ui": { "pos": [1510, 640] }']);
});

test('a small graph in full: fixed key order, two-space indent, final newline', () => {
  const text = JSON.stringify({
    format: 'stylegraph',
    version: 1,
    nodes: [
      { id: 'w', type: 'weight', params: { w: 2 }, ui: { pos: [1, 2] } },
      { id: 's', type: 'sum' },
    ],
    edges: [{ from: 'w.value', to: 's.terms' }],
  });
  assert.equal(
    writeCanonical(loadGraph(text).graph!),
    [
      '{',
      '  "format": "stylegraph",',
      '  "version": 1,',
      '  "nodes": [',
      '    {',
      '      "id": "s",',
      '      "type": "sum",',
      '      "params": {},',
      '      "ui": { "pos": [0, 0] }',
      '    },',
      '    {',
      '      "id": "w",',
      '      "type": "weight",',
      '      "params": {',
      '        "w": 2',
      '      },',
      '      "ui": { "pos": [1, 2] }',
      '    }',
      '  ],',
      '  "edges": [',
      '    { "from": "w.value", "to": "s.terms" }',
      '  ]',
      '}',
      '',
    ].join('\n'),
  );
});

test('version 2: titles and collapsed nodes on the ui line, groups last; version 1 when none is used', () => {
  const text = JSON.stringify({
    format: 'stylegraph',
    version: 1,
    nodes: [{ id: 'w', type: 'weight', params: { w: 2 }, ui: { pos: [1, 2], title: 'style "weight"', collapsed: true } }],
    edges: [],
    groups: [{ title: 'Terms', color: '#3f789e', bounds: [0.4, -10, 300, 200.6] }],
  });
  const { graph, problems } = parseGraph(text);
  assert.deepEqual(problems, []);
  const written = writeCanonical(graph!);
  assert.match(written, /^ {2}"version": 2,$/m);
  assert.match(written, /^ {6}"ui": \{ "pos": \[1, 2\], "title": "style \\"weight\\"", "collapsed": true \}$/m);
  assert.ok(written.endsWith('  "edges": [],\n  "groups": [\n    { "title": "Terms", "color": "#3f789e", "bounds": [0, -10, 300, 201] }\n  ]\n}\n'), written);
  assert.equal(writeCanonical(parseGraph(written).graph!), written);
  const plain = writeCanonical({ ...graph!, nodes: graph!.nodes.map((n) => ({ ...n, ui: { pos: n.ui.pos } })), groups: [] });
  assert.match(plain, /^ {2}"version": 1,$/m);
  assert.ok(!plain.includes('groups'));
});

test('bad titles, collapsed values and groups are one-line problems naming where', () => {
  const text = JSON.stringify({
    format: 'stylegraph',
    version: 2,
    nodes: [{ id: 'w', type: 'weight', ui: { pos: [0, 0], title: 'two\nlines' } }, { id: 'v', type: 'weight', ui: { pos: [0, 0], collapsed: 'yes' } }],
    edges: [],
    groups: [{ title: 'G', color: 'blue', bounds: [0, 0, 10, 10] }],
  });
  assert.deepEqual(parseGraph(text).problems.map((p) => `${p.path}: ${p.message}`), [
    'nodes[0].ui.title: node "w": "ui.title" must be one line of at most 200 characters, found "two\\nlines"',
    'nodes[1].ui.collapsed: node "v": "ui.collapsed" must be true or false, found "yes"',
    'groups[0]: groups[0] must be { "title": "...", "color": "#rrggbb", "bounds": [x, y, width, height] } (width and height above 0)',
  ]);
});
