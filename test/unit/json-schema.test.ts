import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { SCHEMA_FILE, schemaText } from '../../scripts/write-schema';
import { graphJsonSchema } from '../../src/core/graph/json-schema';
import { FIXTURES, SEED_GRAPH } from '../helpers/paths';

const validate = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as object);

test('the shipped schema is the one the catalogue makes (run npm run schema after changing nodes)', () => {
  assert.equal(readFileSync(SCHEMA_FILE, 'utf8'), schemaText());
});

test('the seed example satisfies the schema', () => {
  assert.equal(validate(JSON.parse(readFileSync(SEED_GRAPH, 'utf8'))), true, JSON.stringify(validate.errors));
});

test('the schema flags out-of-range params, unknown params and unknown types', () => {
  const doc = JSON.parse(readFileSync(join(FIXTURES, 'graphs', 'many-problems.stylegraph.json'), 'utf8')) as { nodes: unknown[] };
  for (const [index, why] of [[0, 'width -5'], [1, 'noiseRatio 1.5, seed "seven", colour'], [2, 'layer conv9_9'], [6, 'type image.blur'], [11, 'id 9lives']] as const) {
    assert.equal(validate({ ...doc, nodes: [doc.nodes[index]], edges: [] }), false, why);
  }
  assert.equal(validate({ ...doc, nodes: [doc.nodes[3]], edges: [] }), true);
});

test('the JSON schema offers bypass on terms only', () => {
  const nodes = ((graphJsonSchema().properties as Record<string, { items: { oneOf: { properties: Record<string, unknown> & { type: { const: string } } }[] } }>).nodes.items.oneOf);
  const has = (type: string) => 'bypass' in nodes.find((n) => n.properties.type.const === type)!.properties;
  assert.deepEqual(['weight', 'sum', 'loss.tv', 'loss.style', 'encoding.distance', 'gram', 'image.load', 'optimizer'].map(has), [true, true, true, true, true, false, false, false]);
});

