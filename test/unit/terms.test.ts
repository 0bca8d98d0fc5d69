import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadGraph } from '../../src/core/graph/load';
import { graphJsonSchema } from '../../src/core/graph/json-schema';
import { previewDue } from '../../src/core/run/preview-schedule';
import { oneScaleNote } from '../../src/core/run/scale-note';
import type { Graph } from '../../src/core/graph/types';
import { SEED_GRAPH } from '../helpers/paths';
import { join, dirname } from 'node:path';

const seedText = readFileSync(SEED_GRAPH, 'utf8');
const seed = (): Graph => loadGraph(seedText).graph!;
const example = (name: string): Graph => loadGraph(readFileSync(join(dirname(SEED_GRAPH), `${name}.stylegraph.json`), 'utf8')).graph!;

test('the JSON schema offers bypass on terms only', () => {
  const nodes = ((graphJsonSchema().properties as Record<string, { items: { oneOf: { properties: Record<string, unknown> & { type: { const: string } } }[] } }>).nodes.items.oneOf);
  const has = (type: string) => 'bypass' in nodes.find((n) => n.properties.type.const === type)!.properties;
  assert.deepEqual(['weight', 'sum', 'loss.tv', 'loss.style', 'encoding.distance', 'gram', 'image.load', 'optimizer'].map(has), [true, true, true, true, true, false, false, false]);
});

test('previews: the starting image, 1, 2, 4, 8 up to previewEvery, then every previewEvery; never the last; 0 is off', () => {
  const due = (every: number, total: number) => Array.from({ length: total + 1 }, (_, i) => i).filter((i) => previewDue(i, every, total));
  assert.deepEqual(due(20, 70), [0, 1, 2, 4, 8, 16, 20, 40, 60]);
  assert.deepEqual(due(5, 12), [0, 1, 2, 4, 5, 10]);
  assert.deepEqual(due(1, 4), [0, 1, 2, 3]);
  assert.deepEqual(due(0, 10), []);
});

test('a coarse-to-fine run at or below minSize says it runs one scale', () => {
  const multiscale = example('multiscale');
  assert.equal(oneScaleNote(multiscale, [64, 64]), 'one scale: 64x64 is at or below the optimizer\'s minSize 128, so this run is not coarse to fine');
  assert.match(oneScaleNote(multiscale, [128, 128])!, /^one scale: 128x128/);
  assert.equal(oneScaleNote(multiscale, [256, 256]), undefined, '128, 181, 256: three scales');
  assert.equal(oneScaleNote(multiscale), undefined, 'at its own 300x400: three scales');
  assert.equal(oneScaleNote(seed(), [64, 64]), undefined, 'minSize 0: one scale is what was asked');
});
