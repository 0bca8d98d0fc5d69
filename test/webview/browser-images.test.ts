// decodeImage and encodePng need a browser's image codecs (fetch of a webview URI, createImageBitmap,
// canvas.toBlob): the E2E tests cover them. drawImage is what every preview and thumbnail goes through.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { drawnOn, useDom } from '../helpers/dom';
import { drawImage } from '../../webview/browser-images';

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
