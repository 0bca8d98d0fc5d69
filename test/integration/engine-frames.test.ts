/**
 * Frame runs on the editor's engine process (EngineClient forks out/src/node/engine/engine-main.js):
 * the example video graph on its frame folder, its first N frames only, each frame's start, result
 * and temporal error as events, and Stop keeping the frames that finished.
 */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { EngineClient } from '../../src/node/engine/engine-client';
import type { EngineEvent, EngineRequest } from '../../src/core/protocol/engine-messages';
import { applyOverrides } from '../../src/core/graph/overrides';
import { loadGraph } from '../../src/core/graph/load';
import { writeCanonical } from '../../src/core/graph/canonical';
import { randomVggWeights, writeTfjsFiles } from '../helpers/weight-files';
import { workspaceCopy } from '../helpers/cli';
import { REPO } from '../helpers/paths';
import { findFfmpeg } from '../../src/node/ffmpeg-find';

const SCRIPT = join(REPO, 'out', 'src', 'node', 'engine', 'engine-main.js');
let ws: string;
let weights: string;
let graphPath: string;
const client = new EngineClient({ script: SCRIPT, log: () => undefined });

before(async () => {
  ws = workspaceCopy();
  weights = await writeTfjsFiles(randomVggWeights(1), join(ws, 'weights'));
  graphPath = join(ws, 'examples', 'video.stylegraph.json');
});
after(() => client.dispose());

/** The video example at 24x32 (the toolbar's size applied), 4 steps on the first frame and 2 on each next; `path` replaces its frames' path. */
function videoText(path?: string): string {
  const graph = applyOverrides(loadGraph(readFileSync(graphPath, 'utf8')).graph!, { size: [24, 32], iterations: 4 });
  return writeCanonical({ ...graph, nodes: graph.nodes.map((n) => (n.type === 'video.frames' ? { ...n, params: { ...n.params, iterationsPerFrame: 2, ...(path && { path }) } } : n)) });
}

let nextJob = 1;
function run(frames: number | undefined, onEvent?: (e: EngineEvent, id: number) => void, path?: string): Promise<EngineEvent[]> {
  const id = nextJob++;
  const events: EngineEvent[] = [];
  const request: EngineRequest = { type: 'run', job: id, client: 'a', graphText: videoText(path), graphPath, roots: [ws], backend: 'cpu', weights, name: 'video.stylegraph.json', ...(frames !== undefined && { frames }) };
  return new Promise((resolve) => {
    client.submit(request as Extract<EngineRequest, { type: 'run' }>, 'a', (event) => {
      events.push(event);
      onEvent?.(event, id);
      if (['done', 'framesDone', 'evaluated', 'error'].includes(event.kind)) resolve(events);
    });
  });
}

type Of<K extends EngineEvent['kind']> = Extract<EngineEvent, { kind: K }>;
const of = <K extends EngineEvent['kind']>(events: EngineEvent[], kind: K) => events.filter((e): e is Of<K> => e.kind === kind);

test('the engine runs the first 3 frames of a frame graph: each frame starts, makes progress, and ends with its image, loss and temporal error', async () => {
  const events = await run(3);
  const last = events[events.length - 1]!;
  assert.equal(last.kind, 'framesDone', JSON.stringify(last).slice(0, 300));
  assert.deepEqual(last, { ...last, status: 'done', finished: 3, frames: 3 });
  assert.deepEqual(of(events, 'frameStart').map((e) => [e.frame, e.frames]), [[1, 3], [2, 3], [3, 3]]);
  const frames = of(events, 'frame').map((e) => e.frame);
  assert.deepEqual(frames.map((f) => [f.frame, f.frames, f.sourceIndex]), [[1, 3, 0], [2, 3, 1], [3, 3, 2]]);
  for (const f of frames) {
    assert.deepEqual([f.image.width, f.image.height, f.image.data.length], [32, 24, 24 * 32 * 4]);
    assert.ok(Number.isFinite(f.loss), `frame ${f.frame}: loss ${f.loss}`);
  }
  assert.equal(frames[0]!.temporalError, undefined);
  assert.ok(frames.slice(1).every((f) => Number.isFinite(f.temporalError)), 'a temporal error on each later frame');
  assert.deepEqual(frames.map((f) => f.iterations), [4, 2, 2]);
  // Each frame's progress counts from 1: the first frame's 4 steps, then 2 a frame.
  assert.deepEqual(of(events, 'progress').flatMap((e) => e.events.map((p) => p.iteration)), [1, 2, 3, 4, 1, 2, 1, 2]);
  assert.ok(of(events, 'stage').some((e) => e.stage === 'running'));
});

test('Stop during a frame run ends it after the frame it was in, the finished frames sent', async () => {
  const events = await run(undefined, (e, id) => {
    if (e.kind === 'frame' && e.frame.frame === 1) client.stop('a', id);
  });
  const last = events[events.length - 1]!;
  assert.equal(last.kind, 'framesDone', JSON.stringify(last).slice(0, 300));
  const done = last as Of<'framesDone'>;
  assert.equal(done.status, 'cancelled');
  assert.ok(done.frames > 3, `every frame of the folder asked for: ${done.frames}`);
  assert.ok(done.finished >= 1 && done.finished <= 2, `finished ${done.finished}`);
  assert.equal(of(events, 'frame').length, done.finished);
});

const found = findFfmpeg();
test('the engine runs the frames of a video file (decoded by ffmpeg, as the CLI does)', async (t) => {
  if (!('path' in found)) return t.skip(`no ffmpeg to make the video with (${found.missing})`);
  execFileSync(found.path, ['-hide_banner', '-loglevel', 'error', '-framerate', '5', '-i', join(ws, 'examples', 'samples', 'pan', 'frame%d.png'), '-frames:v', '4', '-c:v', 'libx264', '-qp', '0', '-pix_fmt', 'yuv444p', join(ws, 'examples', 'clip.mp4')]);
  const events = await run(2, undefined, 'clip.mp4');
  const last = events[events.length - 1]!;
  assert.equal(last.kind, 'framesDone', JSON.stringify(last).slice(0, 300));
  assert.deepEqual(last, { ...last, status: 'done', finished: 2, frames: 2 });
  const frames = of(events, 'frame').map((e) => e.frame);
  assert.deepEqual(frames.map((f) => [f.frame, f.sourceIndex, f.image.width, f.image.height]), [[1, 0, 32, 24], [2, 1, 32, 24]]);
  assert.ok(frames.every((f) => Number.isFinite(f.loss)));
  assert.ok(Number.isFinite(frames[1]!.temporalError));
});
