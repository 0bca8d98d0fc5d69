import { test } from 'node:test';
import assert from 'node:assert/strict';
import { drawnOn, useDom } from '../helpers/dom';
import { createFrameStrip } from '../../webview/frame-strip';
import type { FrameResult } from '../../src/core/protocol/engine-messages';
import type { RawImage } from '../../src/core/image/raw-image';

useDom();

const image = (grey: number): RawImage => ({ width: 2, height: 1, data: new Uint8Array([grey, grey, grey, 255, grey, grey, grey, 255]) });
const result = (frame: number, frames: number, extra: Partial<FrameResult> = {}): FrameResult => ({ frame, frames, sourceIndex: frame + 9, image: image(frame * 10), loss: 1234.5678, iterations: 2, seconds: 0.25, ...extra });

function strip() {
  const shown: [number, number][] = [];
  const s = createFrameStrip((img, frame) => shown.push([frame, img.data[0]!]));
  const thumb = (frame: number) => s.element.querySelector<HTMLButtonElement>(`.frame-thumb[data-frame="${frame}"]`)!;
  return { s, shown, thumb };
}

test('hidden until a frame run starts; then one button per frame, waiting ones disabled, the running one marked', () => {
  const { s, thumb } = strip();
  assert.equal(s.element.hidden, true);
  s.start(1, 3);
  assert.equal(s.element.hidden, false);
  assert.deepEqual([...s.element.querySelectorAll('.frame-thumb')].map((b) => (b as HTMLElement).dataset.state), ['running', 'waiting', 'waiting']);
  assert.equal(thumb(2).disabled, true);
  assert.equal(thumb(1).title, 'frame 1 of 3');
  assert.equal(s.element.dataset.frames, '3');
  assert.equal(s.element.querySelector('.frame-strip-caption')!.textContent, 'frames: 0 of 3 done · showing 1');
});

test('a finished frame gets its thumbnail and a title with its source frame, loss, temporal error and time', () => {
  const { s, thumb } = strip();
  s.start(1, 2);
  assert.equal(s.finish(result(1, 2, { temporalError: 3.25 })), true, 'the large preview follows the run');
  assert.deepEqual([...drawnOn(thumb(1).querySelector('canvas')!).data.slice(0, 4)], [10, 10, 10, 255]);
  assert.equal(thumb(1).dataset.state, 'done');
  assert.equal(thumb(1).title, 'frame 1 of 2 (source frame 11) · loss 1235 · temporal error 3.3 · 0.3 s');
  assert.equal(s.element.dataset.done, '1');
});

test('clicking a finished frame shows it large and stops following the run; clicking the running one follows it again', () => {
  const { s, shown, thumb } = strip();
  s.start(1, 3);
  s.finish(result(1, 3));
  s.start(2, 3);
  thumb(1).click();
  assert.deepEqual(shown, [[1, 10]]);
  assert.equal(thumb(1).getAttribute('aria-current'), 'true');
  assert.equal(s.followsRun, false);
  assert.equal(s.finish(result(2, 3)), false, 'frame 2 does not take the preview from the picked frame');
  assert.match(s.element.querySelector('.frame-strip-caption')!.textContent!, /showing 1$/);
  s.start(3, 3);
  thumb(3).click();
  assert.equal(s.followsRun, true);
  assert.equal(shown.length, 1, 'the running frame has no result to show yet');
});

test('the end of a run drops the frames that never finished; reset empties and hides the strip', () => {
  const { s } = strip();
  s.start(1, 3);
  s.finish(result(1, 3));
  s.start(2, 3);
  s.end();
  assert.deepEqual([...s.element.querySelectorAll('.frame-thumb')].map((b) => (b as HTMLElement).dataset.frame), ['1']);
  assert.equal(s.lastResult()?.frame, 1);
  s.reset();
  assert.equal(s.element.querySelectorAll('.frame-thumb').length, 0);
  assert.equal(s.element.hidden, true);
});
