import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeInThread, DecodeError } from '../../src/node/image-decode-thread';
import { parseImageHeader, type ImageHeader } from '../../src/core/image/image-header';
import { greyPng } from '../helpers/image-bytes';

function headerOf(bytes: Buffer): ImageHeader {
  const read = parseImageHeader(bytes);
  assert.ok(read.ok, 'a header');
  return read.header;
}

test('decodes on a worker thread: the pixels, and the bytes moved there', async () => {
  const png = greyPng(5, 3, 42);
  const bytes = Buffer.alloc(png.length);
  png.copy(bytes);
  assert.equal(bytes.byteOffset, 0, 'a buffer of its own, to be moved');
  const image = await decodeInThread(bytes, headerOf(bytes), undefined);
  assert.deepEqual([image.width, image.height, image.data.length], [5, 3, 60]);
  assert.deepEqual([...image.data.subarray(56, 60)], [42, 42, 42, 255]);
  assert.equal(bytes.length, 0, 'moved: detached here');
});

test('bytes from Node\'s pool are copied, not moved, and stay usable', async () => {
  const png = greyPng(2, 2, 7);
  const pooled = Buffer.allocUnsafe(png.length).fill(0);
  png.copy(pooled);
  const before = pooled.byteLength;
  const image = await decodeInThread(pooled, headerOf(png), undefined);
  assert.deepEqual([...image.data.subarray(0, 4)], [7, 7, 7, 255]);
  assert.equal(pooled.byteLength, before);
  assert.deepEqual(pooled, png);
});

test('what the decoder refuses is a DecodeError with its reason', async () => {
  const png = greyPng(4, 4, 9);
  const header = headerOf(png);
  await assert.rejects(decodeInThread(Buffer.from(png.subarray(0, png.length - 20)), header, undefined), (error: Error) => {
    assert.ok(error instanceof DecodeError);
    assert.equal(error.message, 'is not a valid PNG: the file ends before its image data does');
    return true;
  });
});

test('an aborted signal: the signal\'s reason, before or during the decode', async () => {
  const png = greyPng(4, 4, 9);
  const header = headerOf(png);
  const reason = new Error('stopped');
  assert.throws(() => decodeInThread(Buffer.from(png), header, AbortSignal.abort(reason)), { message: 'stopped' });
  const controller = new AbortController();
  const decoding = decodeInThread(Buffer.from(png), header, controller.signal);
  controller.abort(reason);
  await assert.rejects(decoding, { message: 'stopped' });
});
