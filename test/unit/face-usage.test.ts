import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadGraph } from '../../src/core/graph/load';
import { usesFaceModels } from '../../src/core/nodes/face-usage';

const example = (name: string) => loadGraph(readFileSync(`examples/${name}.stylegraph.json`, 'utf8'), { fileName: name }).graph!;

test('face models are loaded for graphs with face nodes only', () => {
  assert.equal(usesFaceModels(example('portrait-identity')), true);
  assert.equal(usesFaceModels(example('identify')), true);
  assert.equal(usesFaceModels(example('seed')), false);
});
