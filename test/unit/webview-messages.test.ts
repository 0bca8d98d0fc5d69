import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PNG } from 'pngjs';
import { parseWebviewMessage } from '../../src/core/protocol/messages';

function png(width: number, height: number): Uint8Array {
  const image = new PNG({ width, height });
  image.data.fill(90);
  return new Uint8Array(PNG.sync.write(image));
}

test('parseWebviewMessage: saveImage with PNG bytes is accepted as it is', () => {
  const bytes = png(3, 2);
  assert.deepEqual(parseWebviewMessage({ type: 'saveImage', png: bytes }), { type: 'saveImage', png: bytes });
  // Where it goes is the user's choice in the host's save dialog: a path from the webview is dropped.
  assert.deepEqual(parseWebviewMessage({ type: 'saveImage', path: '../x.png', png: bytes }), { type: 'saveImage', png: bytes });
});

test('parseWebviewMessage: saveImage with bytes that are not a PNG is refused', () => {
  const jpeg = new Uint8Array(64).fill(0);
  jpeg.set([0xff, 0xd8, 0xff, 0xe0]);
  const truncated = png(3, 2).slice(0, 20);
  const wrongSignature = png(3, 2);
  wrongSignature[1] = 0x51;
  for (const bytes of [jpeg, truncated, wrongSignature, new Uint8Array(0), new TextEncoder().encode('<svg onload="x()"></svg>'.padEnd(64))]) {
    assert.equal(parseWebviewMessage({ type: 'saveImage', png: bytes }), undefined, Buffer.from(bytes.slice(0, 8)).toString('hex'));
  }
});

test('parseWebviewMessage: the page\'s undo and redo keys (webview/undo-keys.ts) are accepted, extra fields dropped', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'undo' }), { type: 'undo' });
  assert.deepEqual(parseWebviewMessage({ type: 'redo', steps: 5 }), { type: 'redo' });
});
