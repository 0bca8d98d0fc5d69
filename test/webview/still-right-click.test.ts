import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createStillRightClick } from '../../webview/still-right-click';

const canvas = { name: 'canvas' };

function pointer(button: number, buttons: number, clientX: number, clientY: number, target: unknown = canvas) {
  const e = { button, buttons, clientX, clientY, target, stopped: false, stopPropagation: () => (e.stopped = true) };
  return e;
}

test('moves of a held right button within the click drift are kept from the canvas', () => {
  const still = createStillRightClick(canvas);
  still.down(pointer(2, 2, 100, 50));
  const jitter = pointer(-1, 2, 102, 51);
  assert.equal(still.move(jitter), true);
  assert.equal(jitter.stopped, true);
  assert.equal(still.move(pointer(-1, 2, 106, 50)), true, 'exactly at the drift');
});

test('a right drag past the drift reaches the canvas, and so does the rest of it', () => {
  const still = createStillRightClick(canvas);
  still.down(pointer(2, 2, 100, 50));
  const far = pointer(-1, 2, 105, 55);
  assert.equal(still.move(far), false);
  assert.equal(far.stopped, false);
  assert.equal(still.move(pointer(-1, 2, 101, 50)), false, 'back near the start, still a drag');
});

test('left-button moves, moves with another button added, moves after the release and presses outside the canvas are left alone', () => {
  const still = createStillRightClick(canvas);
  still.down(pointer(0, 1, 100, 50));
  assert.equal(still.move(pointer(-1, 1, 101, 50)), false, 'left button');
  still.down(pointer(2, 2, 100, 50));
  assert.equal(still.move(pointer(-1, 3, 101, 50)), false, 'right and left held');
  still.up();
  assert.equal(still.move(pointer(-1, 2, 101, 50)), false, 'after the release');
  still.down(pointer(2, 2, 100, 50, { name: 'menu' }));
  assert.equal(still.move(pointer(-1, 2, 101, 50)), false, 'pressed outside the canvas');
});
