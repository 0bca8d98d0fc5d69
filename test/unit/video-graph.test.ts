import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadGraph } from '../../src/core/graph/load';
import { validateGraph } from '../../src/core/graph/validate';
import { shapesById } from '../../src/core/compile/plan';
import { nodeDef } from '../../src/core/nodes/catalogue';
import type { Graph } from '../../src/core/graph/types';
import { withParams } from '../helpers/seed-run';
import { EXAMPLES } from '../helpers/paths';

const video = (): Graph => loadGraph(readFileSync(join(EXAMPLES, 'video.stylegraph.json'), 'utf8')).graph!;

test('the video example validates with every node\'s shape known, as the editor shows them', () => {
  const { problems, shapes } = validateGraph(video());
  assert.deepEqual(problems, []);
  const byId = shapesById(shapes);
  assert.deepEqual(byId.get('frames'), { type: 'image', height: 120, width: 160 });
  assert.deepEqual(byId.get('flow'), { type: 'flow', height: 120, width: 160 });
  assert.deepEqual(byId.get('warp'), { type: 'image', height: 120, width: 160 });
  assert.deepEqual(byId.get('j_temporal'), { type: 'scalar' });
  assert.deepEqual(byId.get('generated'), { type: 'image', height: 120, width: 160 });
});

test('the new node types are in the catalogue with the roles and hooks the runs ask for', () => {
  assert.equal(nodeDef('video.frames')?.role, 'source');
  assert.equal(nodeDef('video.frames')?.frames, true);
  assert.equal(nodeDef('image.previous')?.role, 'previous');
  assert.equal(nodeDef('flow')?.needsOpticalFlow, true);
  assert.deepEqual(nodeDef('flow')?.outputs.map((p) => [p.name, p.type]), [['flow', 'flow'], ['mask', 'mask']]);
  assert.equal(nodeDef('loss.temporal')?.role, 'loss');
  assert.ok(nodeDef('image.warp')?.evaluate);
});

test('a temporal loss whose mask is another size than the generated image is a problem naming the node', () => {
  const graph = video();
  // The frames at 80x60, the generated image keeps 160x120: the flow's mask no longer fits.
  const generatedOwnSize = { ...graph, edges: graph.edges.filter((e) => e.to !== 'generated.content' && e.to !== 'generated.previous') };
  const noInit = withParams(withParams(generatedOwnSize, 'generated', { init: 'noise' }), 'frames', { width: 80, height: 60 });
  const { problems } = validateGraph(noInit);
  const temporal = problems.filter((p) => p.nodeId === 'j_temporal');
  assert.equal(temporal.length, 1, JSON.stringify(problems));
  assert.match(temporal[0]!.message, /node "j_temporal" \(loss\.temporal\): the generated image is 120x160 but the target is 60x80/);
});

test('init previous without an image on input previous is a missing-input problem', () => {
  const graph = video();
  const { problems } = validateGraph({ ...graph, edges: graph.edges.filter((e) => e.to !== 'generated.previous') });
  assert.ok(problems.some((p) => p.nodeId === 'generated' && /init previous needs the starting image on input previous/.test(p.message)), JSON.stringify(problems));
});
