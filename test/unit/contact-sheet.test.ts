import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contactSheet } from '../../src/core/sweep/contact-sheet';
import type { RawImage } from '../../src/core/image/raw-image';

test('contact sheet: cells as large as the largest image, in run order, the last axis across; unfinished runs grey', () => {
  const solid = (width: number, height: number, v: number): RawImage => ({ width, height, data: new Uint8Array(width * height * 4).fill(v) });
  const sheet = contactSheet([solid(4, 2, 200), solid(2, 2, 100), undefined], 2);
  // Two columns of 4x2 cells, two rows, a 4 px gap around each: 4+2*(4+4) by 4+2*(2+4).
  assert.deepEqual([sheet.width, sheet.height], [20, 16]);
  const at = (x: number, y: number) => [...sheet.data.subarray((y * sheet.width + x) * 4, (y * sheet.width + x) * 4 + 4)];
  assert.deepEqual(at(0, 0), [32, 32, 32, 255], 'background');
  assert.deepEqual(at(4, 4), [200, 200, 200, 200], 'run 1 at the top left');
  assert.deepEqual(at(7, 5), [200, 200, 200, 200]);
  assert.deepEqual(at(12, 4), [32, 32, 32, 255], 'run 2 is centred in its cell');
  assert.deepEqual(at(13, 4), [100, 100, 100, 100]);
  assert.deepEqual(at(4, 10), [72, 72, 72, 255], 'run 3 not finished');
});

test('contact sheet: a smaller image sits centred (rounded up and left) in its cell; one column stacks the runs', () => {
  const solid = (width: number, height: number, v: number): RawImage => ({ width, height, data: new Uint8Array(width * height * 4).fill(v) });
  const sheet = contactSheet([solid(1, 4, 50), solid(4, 1, 150)], 1);
  // Cells of 4x4 in one column: 4+4+4 wide, 4+2*(4+4) high.
  assert.deepEqual([sheet.width, sheet.height], [12, 20]);
  const at = (x: number, y: number) => sheet.data[(y * sheet.width + x) * 4]!;
  // Run 1 (1 px wide) at x = 4 + floor(3/2) = 5; run 2 (1 px high) at y = 12 + floor(3/2) = 13.
  assert.deepEqual([at(4, 4), at(5, 4), at(6, 7)], [32, 50, 32]);
  assert.deepEqual([at(4, 12), at(4, 13), at(7, 13), at(4, 14)], [32, 150, 150, 32]);
});
