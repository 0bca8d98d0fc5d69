import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { useCliWorkspace } from '../helpers/cli-workspace';
import { videoFrameRuns } from '../helpers/video-frames';

const workspace = useCliWorkspace({ weightsSeed: 1 });
const { ws } = workspace;
const { variant, runFrames } = videoFrameRuns(workspace);

test('--frames 4..5 reruns those frames only, resuming from frame 3\'s image', async () => {
  const graph = variant('video-range', true, 'range');
  const first = await runFrames(graph, join(ws, 'range', 'f%04d.png'), ['--frames', '1..3']);
  assert.deepEqual(first.map((e) => e.frame), [1, 2, 3]);
  const rest = await runFrames(graph, join(ws, 'range', 'f%04d.png'), ['--frames', '4..5']);
  assert.deepEqual(rest.map((e) => e.frame), [4, 5]);
  // Resumed from frame 3's result: frame 4 is a later frame (a temporal error), not a new first frame.
  assert.ok(Number.isFinite(rest[0]!.temporalError), JSON.stringify(rest[0]));
  assert.deepEqual(readdirSync(join(ws, 'range')).sort(), ['f0001.png', 'f0002.png', 'f0003.png', 'f0004.png', 'f0005.png']);
});
