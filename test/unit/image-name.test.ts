import { test } from 'node:test';
import assert from 'node:assert/strict';
import { imageNameFor } from '../../src/extension/image-name';

test('Save Image proposes <graph name>.png', () => {
  assert.equal(imageNameFor('seed.stylegraph.json'), 'seed.png');
  assert.equal(imageNameFor('My Graph.STYLEGRAPH.JSON'), 'My Graph.png');
  assert.equal(imageNameFor('plain.json'), 'plain.png');
  assert.equal(imageNameFor('.stylegraph.json'), 'stylegraph.png');
});
