import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import * as jpeg from 'jpeg-js';
import { decodeImage } from '../../src/node/image-decode';
import { parseImageHeader, type ImageHeader } from '../../src/core/image/image-header';
import { greyPng, pngBytes } from '../helpers/image-bytes';

function headerOf(bytes: Buffer): ImageHeader {
  const read = parseImageHeader(bytes);
  assert.ok(read.ok, 'a header');
  return read.header;
}

const decode = (bytes: Buffer) => decodeImage(bytes, headerOf(bytes));

test('a PNG decodes to RGBA pixels of its header\'s size', () => {
  const image = decode(greyPng(3, 2, 77));
  assert.deepEqual([image.width, image.height, image.data.length], [3, 2, 24]);
  for (let i = 0; i < 24; i += 4) assert.deepEqual([...image.data.subarray(i, i + 4)], [77, 77, 77, 255]);
});

test('a JPEG decodes to RGBA pixels near its colour', () => {
  const width = 16;
  const height = 8;
  const data = Buffer.alloc(width * height * 4);
  for (let i = 0; i < data.length; i += 4) data.set([200, 100, 50, 255], i);
  const image = decode(jpeg.encode({ width, height, data }, 95).data);
  assert.deepEqual([image.width, image.height], [width, height]);
  for (let i = 0; i < image.data.length; i += 4) {
    const [r, g, b, a] = image.data.subarray(i, i + 4);
    assert.ok(Math.abs(r! - 200) <= 4 && Math.abs(g! - 100) <= 4 && Math.abs(b! - 50) <= 4 && a === 255, `${r} ${g} ${b} ${a}`);
  }
});

test('an interlaced PNG may inflate to its Adam7 size and no more (4x4 grey: 23 bytes)', () => {
  // Passes of 4x4: 1x1, 1x1, 2x1, 2x2 and 4x2 pixels, each row with a filter byte: 2 + 2 + 3 + 6 + 10.
  const fits = pngBytes(4, 4, { colourType: 0, interlace: 1, idat: deflateSync(Buffer.alloc(23)) });
  const image = decode(fits);
  assert.deepEqual([image.width, image.height], [4, 4]);
  assert.deepEqual([...image.data.subarray(0, 4)], [0, 0, 0, 255]);
  const bomb = pngBytes(4, 4, { colourType: 0, interlace: 1, idat: deflateSync(Buffer.alloc(24)) });
  assert.throws(() => decode(bomb), { message: 'is not a valid PNG: its image data inflates to more than its header declares' });
});

test('damage in our words: a bad checksum, a file cut short, a header that declares another size', () => {
  const png = greyPng(4, 4, 9);
  const damaged = Buffer.from(png);
  damaged[png.length - 13] ^= 0xff; // the IDAT's CRC (IEND is the last 12 bytes)
  assert.throws(() => decode(damaged), { message: 'is not a valid PNG: a chunk is damaged (its checksum or length is wrong)' });
  assert.throws(() => decode(png.subarray(0, png.length - 20)), { message: 'is not a valid PNG: the file ends before its image data does' });
  const header = headerOf(png);
  assert.throws(() => decodeImage(png, { ...header, width: 5 }), { message: 'is not a valid PNG: it decodes to 4x4 pixels, not the 5x4 its header declares' });
  const jpegFile = jpeg.encode({ width: 8, height: 8, data: Buffer.alloc(256, 128) }, 90).data;
  assert.throws(() => decode(jpegFile.subarray(0, jpegFile.length - 40)), /^Error: is not a valid JPEG: /);
});
