import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseImageHeader, type HeaderRead } from '../../src/core/image/image-header';
import { EXAMPLES } from '../helpers/paths';
import { jpegBytes, jpegSegment, pngBytes, pngChunk, PNG_SIGNATURE, sofSegment } from '../helpers/image-bytes';

const header = (read: HeaderRead) => {
  assert.ok(read.ok, read.ok ? '' : read.reason);
  return read.header;
};

test('PNG: the IHDR\'s size, bit depth, colour type and interlacing, from a 33-byte prefix', () => {
  assert.deepEqual(header(parseImageHeader(pngBytes(30000, 20000))), { format: 'png', width: 30000, height: 20000, bitDepth: 8, colourType: 6, interlaced: false });
  assert.deepEqual(header(parseImageHeader(pngBytes(7, 5, { bitDepth: 1, colourType: 0, interlace: 1 }).subarray(0, 33))), { format: 'png', width: 7, height: 5, bitDepth: 1, colourType: 0, interlaced: true });
  for (const [colourType, bitDepth] of [[0, 16], [2, 8], [3, 4], [4, 16], [6, 16]] as const) {
    assert.equal(header(parseImageHeader(pngBytes(2, 2, { colourType, bitDepth }))).format, 'png', `${colourType}/${bitDepth}`);
  }
  const chelsea = header(parseImageHeader(readFileSync(join(EXAMPLES, 'samples', 'chelsea.png'))));
  assert.deepEqual([chelsea.width, chelsea.height], [451, 300]);
});

test('PNG: cut short anywhere before the end of the IHDR is truncated (a reader may read on); damage is named', () => {
  const bytes = pngBytes(640, 480);
  for (const length of [1, 4, 8, 12, 20, 32]) {
    const read = parseImageHeader(bytes.subarray(0, length));
    assert.equal(read.ok, false);
    if (!read.ok) assert.equal(read.truncated, true, `${length} bytes: ${read.reason}`);
  }
  const bad = (bytes: Buffer) => {
    const read = parseImageHeader(bytes);
    assert.ok(!read.ok && !read.truncated);
    return read.reason;
  };
  const flipped = Buffer.from(bytes);
  flipped[18] ^= 0x01; // width, without fixing the CRC
  assert.equal(bad(flipped), "is not a valid PNG: its header's (IHDR) checksum is wrong: the file is damaged");
  assert.equal(bad(Buffer.concat([PNG_SIGNATURE, pngChunk('IDAT', new Uint8Array(13))])), 'is not a valid PNG: its first chunk is "IDAT", not the header (IHDR)');
  assert.equal(bad(pngBytes(0, 10)), 'is not a valid PNG: it declares 0x10 pixels');
  assert.equal(bad(pngBytes(10, 10, { colourType: 5 })), 'is not a valid PNG: colour type 5 is not one PNG defines');
  assert.equal(bad(pngBytes(10, 10, { colourType: 2, bitDepth: 1 })), 'is not a valid PNG: bit depth 1 is not allowed with colour type 2');
  assert.equal(bad(pngBytes(10, 10, { interlace: 2 })), 'is not a valid PNG: its header names compression 0, filter 0, interlace 2 (only 0, 0, 0 or 1 exist)');
});

test('JPEG: the size from each SOFn variant, after APPn, DQT, DHT, fill bytes and RSTn', () => {
  const frames = { 0xc0: 'baseline', 0xc1: 'extended', 0xc2: 'progressive', 0xc3: 'lossless', 0xc5: 'hierarchical', 0xc7: 'hierarchical', 0xc9: 'arithmetic', 0xca: 'arithmetic', 0xcf: 'arithmetic' } as const;
  const before = [jpegSegment(0xe0, Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1')), jpegSegment(0xe1, Buffer.alloc(3000, 0xff)), jpegSegment(0xdb, Buffer.alloc(65)), jpegSegment(0xc4, Buffer.alloc(30))];
  for (const [marker, frame] of Object.entries(frames)) {
    assert.deepEqual(header(parseImageHeader(jpegBytes([...before, sofSegment(Number(marker), 30000, 20000)]))), { format: 'jpeg', width: 30000, height: 20000, frame }, marker);
  }
  const fillAndRestart = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xff, 0xff, 0xd0]), sofSegment(0xc0, 65535, 1)]);
  assert.deepEqual(header(parseImageHeader(fillAndRestart)), { format: 'jpeg', width: 65535, height: 1, frame: 'baseline' });
  const hubble = header(parseImageHeader(readFileSync(join(EXAMPLES, 'samples', 'hubble_deep_field.jpg'))));
  assert.deepEqual([hubble.width, hubble.height], [1000, 872]);
});

test('JPEG: cut short before the SOF is truncated; image data, an end or a bad marker before it is named', () => {
  const whole = jpegBytes([jpegSegment(0xe1, Buffer.alloc(5000)), sofSegment(0xc2, 100, 50)]);
  for (const length of [1, 2, 3, 5, 100, 5006, 5010, 5015]) {
    const read = parseImageHeader(whole.subarray(0, length));
    assert.ok(!read.ok && read.truncated, `${length} bytes`);
    if (!read.ok) assert.match(read.reason, length === 1 ? /ends inside its signature/ : /is not a valid JPEG: the file ends before its frame header \(SOF\)/);
  }
  const reason = (bytes: Buffer) => {
    const read = parseImageHeader(bytes);
    assert.ok(!read.ok && !read.truncated);
    return read.reason;
  };
  assert.equal(reason(jpegBytes([jpegSegment(0xdb, Buffer.alloc(65))])), 'is not a valid JPEG: it reaches its image data (SOS) without a frame header (SOF)');
  assert.equal(reason(Buffer.from([0xff, 0xd8, 0xff, 0xd9])), 'is not a valid JPEG: it reaches its end (EOI) without a frame header (SOF)');
  assert.equal(reason(Buffer.from([0xff, 0xd8, 0x12, 0x34])), 'is not a valid JPEG: byte 2 should start a marker (0xFF) but is 0x12');
  assert.equal(reason(jpegBytes([sofSegment(0xc0, 100, 0)])), 'is not a valid JPEG: it declares its height later (a DNL marker), which is not supported');
  assert.equal(reason(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x01])), 'is not a valid JPEG: marker 0xFFE0 at byte 2 declares a length of 1');
});

test('neither: empty, text, GIF', () => {
  assert.deepEqual(parseImageHeader(new Uint8Array(0)), { ok: false, truncated: true, reason: 'is empty' });
  for (const bytes of [Buffer.from('hello, world'), Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1')]) {
    assert.deepEqual(parseImageHeader(bytes), { ok: false, truncated: false, reason: 'is neither a PNG nor a JPEG file' });
  }
});
