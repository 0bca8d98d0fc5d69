import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { firstJsonError, parseJsonText } from '../../src/core/graph/json-text';
import { FIXTURES, SEED_GRAPH } from '../helpers/paths';
import { SeededRandom } from '../helpers/seeded-random';
import { mutateText } from '../helpers/graph-mutations';

const graphsDir = join(FIXTURES, 'graphs');
const SOURCES = [SEED_GRAPH, ...readdirSync(graphsDir).sort().map((name) => join(graphsDir, name))].map((file) => readFileSync(file, 'utf8'));

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

test('the error checker agrees with JSON.parse on 3,000 files with mutated bytes: an error exactly when JSON.parse fails', () => {
  const disagreements: string[] = [];
  for (let i = 0; i < 3000; i++) {
    const rng = new SeededRandom(11 * 1_000_003 + i);
    const { text, steps } = mutateText(SOURCES[rng.int(SOURCES.length)]!, rng);
    const body = text.replace(/^\ufeff/, '');
    const found = firstJsonError(body);
    if (parses(body) === (found !== undefined)) disagreements.push(`case ${i} (${steps.join(', ')}): JSON.parse ${parses(body) ? 'accepts' : 'rejects'}, the checker says ${found ? found.message : 'fine'}`);
  }
  assert.deepEqual(disagreements.slice(0, 5), []);
});

test('100,000 levels of nesting: parsed when valid, located when not, no stack overflow', () => {
  const depth = 100_000;
  const valid = '['.repeat(depth) + ']'.repeat(depth);
  assert.equal(firstJsonError(valid), undefined);
  assert.ok(Array.isArray(parseJsonText(valid).value));
  const unclosed = `${'{"a":['.repeat(depth)}1`;
  assert.deepEqual(parseJsonText(unclosed).error, {
    message: 'expected "," or "]" after an array element, found the end of the file',
    offset: unclosed.length,
    line: 1,
    column: unclosed.length + 1,
  });
});

test('lines end at \\n, \\r\\n or a lone \\r; columns count UTF-16 units from 1', () => {
  assert.deepEqual(parseJsonText('[1,\r\n2,\r3,\n"é😀", x]').error, { message: 'expected a value, found "x"', offset: 18, line: 4, column: 8 });
});
