import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { README_FILE, readmeText } from '../../scripts/write-readme-nodes';
import { NODE_TABLE_END, NODE_TABLE_START, nodeTableMarkdown, withNodeTable } from '../../src/core/nodes/node-table';
import { NODE_DEFS } from '../../src/core/nodes/catalogue';
import { PORT_TYPES } from '../../src/core/nodes/port-types';
import type { NodeDef } from '../../src/core/nodes/types';

test('the README\'s port types and node table are the ones the catalogue makes (run npm run readme-nodes after changing nodes)', () => {
  assert.equal(readFileSync(README_FILE, 'utf8'), readmeText());
});

test('the node table has one row per catalogue node and names every port type', () => {
  const table = nodeTableMarkdown();
  for (const def of NODE_DEFS) assert.match(table, new RegExp(`^\\| \`${def.type.replace('.', '\\.')}\` \\|`, 'm'), def.type);
  for (const type of Object.keys(PORT_TYPES)) assert.ok(table.startsWith('Port types: ') && table.split('\n')[0]!.includes(`\`${type}\``), type);
});

test('a row writes the ports, each param with its default and note, and the formula', () => {
  const def: NodeDef = {
    type: 'loss.example', title: 'Example', category: 'loss', role: 'loss', doc: '', formula: 'mean |a - b|', inputsNote: 'features',
    inputs: [{ name: 'a', type: 'features', doc: '' }, { name: 'b', type: 'features', optional: true, doc: '' }],
    outputs: [{ name: 'loss', type: 'scalar', doc: '' }],
    params: [
      { kind: 'number', name: 'epsilon', default: 1e-4, min: 0, max: 1, doc: '', note: 'max 1' },
      { kind: 'enum', name: 'mode', default: 'a', options: ['a', 'b'], doc: '' },
      { kind: 'string', name: 'weights', default: '1,1', doc: '' },
      { kind: 'string', name: 'path', default: '', doc: '' },
      { kind: 'boolean', name: 'preview', default: true, doc: '' },
    ],
  };
  const result: NodeDef = { ...def, type: 'face.example', role: 'result', outputs: [], params: [], formula: undefined, inputsNote: undefined };
  const rows = nodeTableMarkdown([def, result]).split('\n').slice(4);
  assert.deepEqual(rows, [
    '| `loss.example` | a, b? (features) -> scalar | epsilon 1e-4 (max 1), mode a/b, weights "1,1", path, preview: mean \\|a - b\\| |',
    '| `face.example` | a, b? -> result | - |',
  ]);
});

test('the table goes between the markers, and a README without them is refused', () => {
  assert.equal(withNodeTable(`a\n${NODE_TABLE_START}\nold\n${NODE_TABLE_END}\nb`, 'new'), `a\n${NODE_TABLE_START}\nnew\n${NODE_TABLE_END}\nb`);
  assert.equal(withNodeTable('no markers', 'new'), undefined);
});
