import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkVideoOutputs } from '../../src/node/video-outputs';
import type { Graph } from '../../src/core/graph/types';
import { tempFolder } from '../helpers/temp-folder';

// checkVideoOutputs finds ffmpeg through $STYLEGRAPH_FFMPEG: each test points it at a stand-in.
const saved = process.env.STYLEGRAPH_FFMPEG;
afterEach(() => {
  if (saved === undefined) delete process.env.STYLEGRAPH_FFMPEG;
  else process.env.STYLEGRAPH_FFMPEG = saved;
});

/** A stand-in ffmpeg whose -encoders lists `encoders` as video encoders. */
function fakeFfmpeg(encoders: readonly string[]): string {
  const path = join(tempFolder('stylegraph-fake-ffmpeg-'), 'ffmpeg');
  writeFileSync(path, `#!/bin/sh\n${encoders.map((e) => `echo ' V....D ${e}   an encoder'`).join('\n')}\n`);
  chmodSync(path, 0o755);
  return path;
}

function graph(...outputs: { id: string; path: unknown; fps?: number }[]): Graph {
  return {
    format: 'stylegraph', version: 1,
    nodes: [
      { id: 'adam', type: 'optimizer', params: {} },
      ...outputs.map(({ id, path, fps }) => ({ id, type: 'video.output', params: { path, ...(fps !== undefined && { fps }) } })),
      { id: 'still', type: 'image.output', params: { path: 'still.mp4' } },
    ],
    edges: [],
  } as unknown as Graph;
}

test('each video output: its ffmpeg, container, encoder and fps (24 by default)', async () => {
  const ffmpeg = fakeFfmpeg(['libx264', 'libvpx']);
  process.env.STYLEGRAPH_FFMPEG = ffmpeg;
  const { outputs, problems } = await checkVideoOutputs(graph({ id: 'a', path: 'out.MP4', fps: 12 }, { id: 'b', path: 'out.webm' }));
  assert.deepEqual(problems, []);
  assert.deepEqual([...outputs.values()], [
    { nodeId: 'a', ffmpeg, container: 'mp4', encoder: 'libx264', fps: 12 },
    { nodeId: 'b', ffmpeg, container: 'webm', encoder: 'libvpx', fps: 24 },
  ]);
});

test('an empty path, a path of another kind and an image.output are not looked at (no ffmpeg needed)', async () => {
  process.env.STYLEGRAPH_FFMPEG = '/no/such/ffmpeg';
  const { outputs, problems } = await checkVideoOutputs(graph({ id: 'a', path: '' }, { id: 'b', path: 'out.png' }, { id: 'c', path: 3 }));
  assert.deepEqual([outputs.size, problems], [0, []]);
});

test('no ffmpeg, or one without the encoder: a problem of the node, saying what to do', async () => {
  process.env.STYLEGRAPH_FFMPEG = '/no/such/ffmpeg';
  const missing = await checkVideoOutputs(graph({ id: 'a', path: 'out.mp4' }));
  assert.equal(missing.outputs.size, 0);
  assert.deepEqual(missing.problems.map((p) => [p.nodeId, p.message]), [
    ['a', 'node "a" (video.output): writing the video "out.mp4" needs ffmpeg, and none was found (STYLEGRAPH_FFMPEG is /no/such/ffmpeg, which is not an executable file): install ffmpeg (Debian and Ubuntu: apt install ffmpeg; macOS: brew install ffmpeg; Windows: winget install ffmpeg) or set STYLEGRAPH_FFMPEG to its path'],
  ]);
  const ffmpeg = fakeFfmpeg(['libx264']);
  process.env.STYLEGRAPH_FFMPEG = ffmpeg;
  const { outputs, problems } = await checkVideoOutputs(graph({ id: 'a', path: 'out.mp4' }, { id: 'b', path: 'out.webm' }));
  assert.deepEqual([...outputs.keys()], ['a']);
  assert.deepEqual(problems.map((p) => p.nodeId), ['b']);
  assert.match(problems[0]!.message, new RegExp(`path "out\\.webm": the ffmpeg at ${ffmpeg} has no libvpx-vp9 or libvpx encoder, which \\.webm needs \\(write the other of \\.mp4 and \\.webm, or use an ffmpeg that has it\\)$`));
});
