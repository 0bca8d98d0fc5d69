import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadGraph } from '../../src/core/graph/load';
import { oneScaleNote } from '../../src/core/run/scale-note';
import type { Graph } from '../../src/core/graph/types';
import { SEED_GRAPH } from '../helpers/paths';

const seed = (): Graph => loadGraph(readFileSync(SEED_GRAPH, 'utf8')).graph!;
const example = (name: string): Graph => loadGraph(readFileSync(join(dirname(SEED_GRAPH), `${name}.stylegraph.json`), 'utf8')).graph!;

test('a coarse-to-fine run at or below minSize says it runs one scale', () => {
  const multiscale = example('multiscale');
  assert.equal(oneScaleNote(multiscale, [64, 64]), 'one scale: 64x64 is at or below the optimizer\'s minSize 128, so this run is not coarse to fine');
  assert.match(oneScaleNote(multiscale, [128, 128])!, /^one scale: 128x128/);
  assert.equal(oneScaleNote(multiscale, [256, 256]), undefined, '128, 181, 256: three scales');
  assert.equal(oneScaleNote(multiscale), undefined, 'at its own 300x400: three scales');
  assert.equal(oneScaleNote(seed(), [64, 64]), undefined, 'minSize 0: one scale is what was asked');
});
