import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseImageHeader, type HeaderRead } from '../../src/core/image/image-header';
import { DEFAULT_MAX_PIXELS, headerProblem, parseMaxPixels, pixelLimitProblem } from '../../src/core/image/pixel-limit';
import { jpegBytes, pngBytes, sofSegment } from '../helpers/image-bytes';

const header = (read: HeaderRead) => {
  assert.ok(read.ok, read.ok ? '' : read.reason);
  return read.header;
};

test('the pixel limit: 64 MP by default, refused above with the declared size; unsupported JPEG codings named', () => {
  const png = (w: number, h: number) => header(parseImageHeader(pngBytes(w, h)));
  assert.equal(DEFAULT_MAX_PIXELS, 64_000_000);
  assert.equal(headerProblem(png(8000, 8000), DEFAULT_MAX_PIXELS), undefined);
  assert.equal(headerProblem(png(8000, 8001), DEFAULT_MAX_PIXELS), 'declares 8000x8001 pixels (64 MP), over the 64 MP limit (STYLEGRAPH_MAX_PIXELS)');
  assert.equal(headerProblem(png(30000, 30000), DEFAULT_MAX_PIXELS), 'declares 30000x30000 pixels (900 MP), over the 64 MP limit (STYLEGRAPH_MAX_PIXELS)');
  assert.equal(headerProblem(png(2000, 750), 1_000_000), 'declares 2000x750 pixels (1.5 MP), over the 1 MP limit (STYLEGRAPH_MAX_PIXELS)');
  assert.equal(headerProblem(png(100, 100), 5000), 'declares 100x100 pixels, over the limit of 5000 pixels (STYLEGRAPH_MAX_PIXELS)');
  const jpeg = (marker: number) => header(parseImageHeader(jpegBytes([sofSegment(marker, 10, 10)])));
  assert.equal(headerProblem(jpeg(0xc2), DEFAULT_MAX_PIXELS), undefined);
  assert.equal(headerProblem(jpeg(0xc3), DEFAULT_MAX_PIXELS), 'is a JPEG with lossless coding, which cannot be decoded (only baseline, extended and progressive JPEGs can)');
  assert.equal(headerProblem(jpeg(0xc9), DEFAULT_MAX_PIXELS), 'is a JPEG with arithmetic coding, which cannot be decoded (only baseline, extended and progressive JPEGs can)');
});

test('STYLEGRAPH_MAX_PIXELS: unset or empty is the default, a whole number sets it, anything else is refused', () => {
  assert.equal(parseMaxPixels(undefined), DEFAULT_MAX_PIXELS);
  assert.equal(parseMaxPixels(' '), DEFAULT_MAX_PIXELS);
  assert.equal(parseMaxPixels('100000000'), 100_000_000);
  assert.equal(parseMaxPixels('1e8'), 100_000_000);
  assert.equal(parseMaxPixels('250_000'), 250_000);
  for (const text of ['0', '-5', '1.5', 'lots', '64MP']) {
    assert.throws(() => parseMaxPixels(text), { message: `STYLEGRAPH_MAX_PIXELS must be a whole number of pixels (e.g. 100000000 for 100 MP), not ${JSON.stringify(text)}` }, text);
  }
});

test('pixelLimitProblem: at the limit is fine, one pixel over is not; a video frame is worded the same', () => {
  assert.equal(pixelLimitProblem(1920, 1080, 1920 * 1080), undefined);
  assert.equal(pixelLimitProblem(1920, 1081, 1920 * 1080), 'declares 1920x1081 pixels (2.1 MP), over the 2.1 MP limit (STYLEGRAPH_MAX_PIXELS)');
  assert.equal(pixelLimitProblem(10, 10, 99), 'declares 10x10 pixels, over the limit of 99 pixels (STYLEGRAPH_MAX_PIXELS)');
});
