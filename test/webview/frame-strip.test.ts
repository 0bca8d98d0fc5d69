import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_FRAME_COUNT, FRAME_COUNT_CHOICES, FrameRunClock, FrameStripModel, frameCount, frameRunIterations } from '../../webview/frame-strip-model';
import { parseWebviewMessage } from '../../src/core/protocol/messages';
import { endsJob, type FrameResult } from '../../src/core/protocol/engine-messages';
import type { ProgressEvent } from '../../src/core/run/executor';
import { framesSourceOf } from '../../src/core/nodes/frame-usage';
import { loadGraph } from '../../src/core/graph/load';
import { REPO, SEED_GRAPH } from '../helpers/paths';

const result = (frame: number, frames = 4): FrameResult => ({ frame, frames, sourceIndex: frame - 1, image: { width: 2, height: 1, data: new Uint8Array(8) }, loss: 1, iterations: 2, seconds: 0.1 });
const progress = (iteration: number, iterations: number, ms: number): ProgressEvent => ({ iteration, iterations, scale: 1, scales: 1, size: [1, 2], loss: 1, losses: { j: 1 }, ms });

describe('frame runs in the editor', () => {
  it('offers 1, 4, 8, 16 and all frames, 8 at first', () => {
    assert.deepEqual([...FRAME_COUNT_CHOICES], ['1', '4', '8', '16', 'all']);
    assert.equal(DEFAULT_FRAME_COUNT, '8');
    assert.deepEqual(FRAME_COUNT_CHOICES.map(frameCount), [1, 4, 8, 16, undefined]);
  });

  it('knows a frame graph by its node\'s catalogue entry, not its type name', () => {
    const video = loadGraph(readFileSync(join(REPO, 'examples', 'video.stylegraph.json'), 'utf8')).graph!;
    assert.equal(framesSourceOf(video)?.type, 'video.frames');
    assert.equal(framesSourceOf(loadGraph(readFileSync(SEED_GRAPH, 'utf8')).graph!), undefined);
  });

  it('makes a slot per frame at the first frame, marks the running one and shows each finished frame while it follows the run', () => {
    const strip = new FrameStripModel();
    strip.start(1, 4);
    assert.deepEqual(strip.slots.map((s) => s.state), ['running', 'waiting', 'waiting', 'waiting']);
    assert.equal(strip.shown, 1);
    assert.equal(strip.finish(result(1)), true);
    strip.start(2, 4);
    assert.deepEqual(strip.slots.map((s) => s.state), ['done', 'running', 'waiting', 'waiting']);
    assert.equal(strip.shown, 2);
  });

  it('shows a picked finished frame and stops following the run until the running frame is picked', () => {
    const strip = new FrameStripModel();
    strip.start(1, 3);
    strip.finish(result(1, 3));
    strip.start(2, 3);
    assert.equal(strip.pick(3), undefined, 'a waiting frame has nothing to show');
    assert.equal(strip.pick(1)?.frame, 1);
    assert.equal(strip.shown, 1);
    assert.equal(strip.followsRun, false);
    assert.equal(strip.finish(result(2, 3)), false, 'frame 2 does not take the preview from the picked frame 1');
    assert.equal(strip.shown, 1);
    strip.start(3, 3);
    assert.equal(strip.pick(3), undefined);
    assert.equal(strip.followsRun, true);
    assert.equal(strip.shown, 3);
  });

  it('keeps the finished frames when a run is stopped, and the last one for the record', () => {
    const strip = new FrameStripModel();
    strip.start(1, 8);
    strip.finish(result(1, 8));
    strip.start(2, 8);
    strip.finish(result(2, 8));
    strip.start(3, 8);
    strip.end();
    assert.deepEqual(strip.slots.map((s) => [s.frame, s.state]), [[1, 'done'], [2, 'done']]);
    assert.equal(strip.lastResult()?.frame, 2);
    strip.reset();
    assert.equal(strip.slots.length, 0);
  });

  it('counts a frame run\'s iterations and milliseconds on across frames (the continuous chart and record)', () => {
    assert.equal(frameRunIterations(4, 2, 3), 8);
    const clock = new FrameRunClock(8);
    assert.equal(clock.startFrame(), 0);
    assert.deepEqual([1, 2, 3, 4].map((i) => clock.progress(progress(i, 4, i * 10))).map((e) => [e.iteration, e.iterations, e.ms]), [[1, 8, 10], [2, 8, 20], [3, 8, 30], [4, 8, 40]]);
    assert.equal(clock.startFrame(), 4);
    assert.deepEqual([1, 2].map((i) => clock.progress(progress(i, 2, i * 5))).map((e) => [e.iteration, e.ms]), [[5, 45], [6, 50]]);
    assert.equal(clock.iteration(2), 6);
    assert.equal(clock.startFrame(), 6);
  });

  it('protocol: an engineRun takes a positive frame count, and a frame run ends with framesDone', () => {
    const run = { type: 'engineRun', job: 1, graphText: '{}', backend: 'auto', needsWeights: true };
    assert.deepEqual(parseWebviewMessage({ ...run, frames: 3 }), { ...run, frames: 3 });
    assert.deepEqual(parseWebviewMessage(run), run);
    for (const frames of [0, -1, 1.5, '3', null]) assert.equal(parseWebviewMessage({ ...run, frames }), undefined, `frames ${String(frames)}`);
    assert.equal(endsJob({ kind: 'framesDone', status: 'cancelled', finished: 1, frames: 3, seconds: 1 }), true);
    assert.equal(endsJob({ kind: 'frame', frame: result(1) }), false);
    assert.equal(endsJob({ kind: 'frameStart', frame: 1, frames: 3 }), false);
  });
});
