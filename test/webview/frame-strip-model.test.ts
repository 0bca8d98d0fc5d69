import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_FRAME_COUNT, FRAME_COUNT_CHOICES, FrameRunClock, FrameStripModel, frameCount, frameRunIterations } from '../../webview/frame-strip-model';
import type { FrameResult } from '../../src/core/protocol/engine-messages';
import type { ProgressEvent } from '../../src/core/run/executor';

const result = (frame: number, frames = 4): FrameResult => ({ frame, frames, sourceIndex: frame - 1, image: { width: 2, height: 1, data: new Uint8Array(8) }, loss: 1, iterations: 2, seconds: 0.1 });
const progress = (iteration: number, iterations: number, ms: number): ProgressEvent => ({ iteration, iterations, scale: 1, scales: 1, size: [1, 2], loss: 1, losses: { j: 1 }, ms });

describe('frame runs in the editor', () => {
  it('offers 1, 4, 8, 16 and all frames, 8 at first', () => {
    assert.deepEqual([...FRAME_COUNT_CHOICES], ['1', '4', '8', '16', 'all']);
    assert.equal(DEFAULT_FRAME_COUNT, '8');
    assert.deepEqual(FRAME_COUNT_CHOICES.map(frameCount), [1, 4, 8, 16, undefined]);
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
});

describe('frame strip edge cases', () => {
  it('reads only positive whole counts from a choice', () => {
    assert.deepEqual(['0', '-4', '2.5', '', 'x', '12'].map(frameCount), [undefined, undefined, undefined, undefined, undefined, 12]);
    assert.equal(frameRunIterations(4, 2, 0), 0, 'no frames, no iterations');
    assert.equal(frameRunIterations(4, 2, 1), 4);
  });

  it('a frame outside the run changes nothing; a result of a run of another length remakes the slots, keeping the finished ones', () => {
    const strip = new FrameStripModel();
    strip.start(1, 2);
    strip.start(5, 2);
    assert.deepEqual(strip.slots.map((s) => s.state), ['running', 'waiting']);
    assert.equal(strip.shown, 1);
    strip.finish(result(1, 2));
    assert.equal(strip.finish(result(3, 3)), true);
    assert.deepEqual(strip.slots.map((s) => [s.frame, s.state]), [[1, 'done'], [2, 'waiting'], [3, 'done']]);
    assert.equal(strip.lastResult()?.frame, 3);
  });

  it('picking a finished frame once the run has ended keeps following; a frame not in the strip is ignored', () => {
    const strip = new FrameStripModel();
    strip.start(1, 2);
    strip.finish(result(1, 2));
    strip.start(2, 2);
    strip.finish(result(2, 2));
    assert.equal(strip.pick(1)?.frame, 1);
    assert.equal(strip.followsRun, true, 'no frame is running');
    assert.equal(strip.pick(9), undefined);
    assert.equal(strip.shown, 1);
  });

  it('a frame run\'s clock counts the whole run\'s iterations up when a frame runs longer than planned', () => {
    const clock = new FrameRunClock(5);
    clock.startFrame();
    clock.progress(progress(3, 3, 30));
    clock.startFrame();
    assert.equal(clock.progress(progress(1, 4, 5)).iterations, 7, '3 done and 4 in this frame');
  });
});
