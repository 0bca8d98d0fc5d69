import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { framesSourceOf } from '../../src/core/nodes/frame-usage';
import { loadGraph } from '../../src/core/graph/load';
import type { Graph, GraphNode } from '../../src/core/graph/types';
import { EXAMPLES, SEED_GRAPH } from '../helpers/paths';

const node = (id: string, type: string): GraphNode => ({ id, type, params: {}, ui: { pos: [0, 0] } });
const graphOf = (...nodes: GraphNode[]): Graph => ({ format: 'stylegraph', version: 1, nodes, edges: [] });

test('framesSourceOf: the video.frames node, wherever it is among the others', () => {
  const frames = node('clip', 'video.frames');
  assert.equal(framesSourceOf(graphOf(node('a', 'image.load'), node('p', 'image.previous'), frames, node('o', 'video.output'))), frames);
  const video = loadGraph(readFileSync(join(EXAMPLES, 'video.stylegraph.json'), 'utf8')).graph!;
  assert.equal(framesSourceOf(video)?.type, 'video.frames');
});

test('framesSourceOf: none in a graph of single images, of unknown types, or of no nodes', () => {
  assert.equal(framesSourceOf(loadGraph(readFileSync(SEED_GRAPH, 'utf8')).graph!), undefined);
  assert.equal(framesSourceOf(graphOf(node('a', 'image.load'), node('b', 'video.frame'), node('c', 'image.previous'), node('d', 'video.output'))), undefined);
  assert.equal(framesSourceOf(graphOf()), undefined);
});
