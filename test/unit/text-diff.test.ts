import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { applyLineEdit, lineEdit } from '../../src/core/graph/text-diff';
import { SEED_GRAPH } from '../helpers/paths';
import { parseGraph } from '../../src/core/graph/parse';
import { writeCanonical } from '../../src/core/graph/canonical';
import type { Graph } from '../../src/core/graph/types';
import { mulberry32 } from '../helpers/weight-files';

test('equal texts: no edit', () => {
  assert.equal(lineEdit('a\nb\n', 'a\nb\n'), undefined);
  assert.equal(lineEdit('', ''), undefined);
});

test('one changed line: the edit covers that line only', () => {
  const edit = lineEdit('a\nb\nc\n', 'a\nB\nc\n');
  assert.deepEqual(edit, { start: 2, end: 4, text: 'B\n' });
});

test('insertions, deletions, start and end of the text, missing final newline', () => {
  const cases: [string, string][] = [
    ['a\nb\n', 'a\nx\nb\n'],
    ['a\nx\nb\n', 'a\nb\n'],
    ['a\nb\n', 'x\na\nb\n'],
    ['a\nb\n', 'a\nb\nx\n'],
    ['a\nb', 'a\nb\n'],
    ['a\nb\n', 'a\nb'],
    ['', 'a\n'],
    ['a\n', ''],
    ['a\na\na\n', 'a\na\n'],
    ['x\r\ny\r\n', 'x\ny\r\n'],
  ];
  for (const [a, b] of cases) {
    const edit = lineEdit(a, b);
    assert.ok(edit, JSON.stringify([a, b]));
    assert.equal(applyLineEdit(a, edit), b, JSON.stringify([a, b]));
    // Boundaries sit on line starts (or the ends of the texts).
    assert.ok(edit.start === 0 || a[edit.start - 1] === '\n');
    assert.ok(edit.end === 0 || edit.end === a.length || a[edit.end - 1] === '\n');
  }
});

test('random edits round-trip and never touch the shared prefix and suffix', () => {
  const random = mulberry32(7);
  const pick = (n: number) => Math.floor(random() * n);
  for (let round = 0; round < 500; round++) {
    const a = Array.from({ length: pick(8) }, () => 'abc'[pick(3)] + (random() < 0.2 ? '' : '\n')).join('');
    const b = Array.from({ length: pick(8) }, () => 'abc'[pick(3)] + (random() < 0.2 ? '' : '\n')).join('');
    const edit = lineEdit(a, b);
    assert.equal(applyLineEdit(a, edit), b, JSON.stringify([a, b]));
    if (edit) assert.ok(edit.end - edit.start <= a.length);
  }
});

test('moving one node of the canonical seed changes exactly one line', () => {
  const text = readFileSync(SEED_GRAPH, 'utf8');
  const graph = parseGraph(text).graph!;
  assert.equal(writeCanonical(graph), text, 'the seed is canonical');
  const moved: Graph = { ...graph, nodes: graph.nodes.map((n) => (n.id === 'gram_style_conv3_1' ? { ...n, ui: { pos: [777, 611] as const } } : n)) };
  const edit = lineEdit(text, writeCanonical(moved))!;
  assert.equal(edit.text, '      "ui": { "pos": [777, 611] }\n');
  const [x, y] = graph.nodes.find((n) => n.id === 'gram_style_conv3_1')!.ui.pos;
  assert.equal(text.slice(edit.start, edit.end), `      "ui": { "pos": [${x}, ${y}] }\n`);
});
