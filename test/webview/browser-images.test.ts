// decodeImage needs a browser's image codecs (fetch of a webview URI, createImageBitmap): the E2E
// tests cover it. The DOM helper's toBlob hands back the drawn pixels, so encodePng is checked for
// what it draws and for a browser that gives no PNG.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { drawnOn, useDom } from '../helpers/dom';
import { drawImage, encodePng } from '../../webview/browser-images';

useDom();

test('drawImage sizes the canvas to the image and puts its RGBA pixels on it', () => {
  const canvas = document.createElement('canvas');
  const data = Uint8Array.from({ length: 2 * 3 * 4 }, (_, i) => (i * 37) % 256);
  drawImage(canvas, { width: 2, height: 3, data });
  assert.deepEqual([canvas.width, canvas.height], [2, 3]);
  const put = drawnOn(canvas);
  assert.deepEqual([put.width, put.height], [2, 3]);
  assert.deepEqual([...put.data], [...data]);
});

test('drawImage copies the pixels: changing the image afterwards changes nothing drawn', () => {
  const canvas = document.createElement('canvas');
  const data = new Uint8Array(4).fill(200);
  drawImage(canvas, { width: 1, height: 1, data });
  data[0] = 1;
  assert.equal(drawnOn(canvas).data[0], 200);
});

test('encodePng encodes the image drawn on a canvas, and says so when the browser cannot', async () => {
  const image = { width: 1, height: 2, data: Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]) };
  assert.deepEqual([...await encodePng(image)], [1, 2, 3, 4, 5, 6, 7, 8]);
  const canvas = HTMLCanvasElement.prototype;
  const toBlob = canvas.toBlob;
  canvas.toBlob = (done: BlobCallback) => done(null);
  try {
    await assert.rejects(encodePng(image), { message: 'the browser could not encode a PNG' });
  } finally {
    canvas.toBlob = toBlob;
  }
});
