import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { checkImageFile, ImageFileError, maxPixelsFromEnv, readImageFile } from '../../src/node/image-file';
import { EXAMPLES } from '../helpers/paths';
import { greyPng, oneBitPng, pngBytes } from '../helpers/image-bytes';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'image-file-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Writes `bytes` as `name` in the test folder; returns its path. */
function file(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

/** The message readImageFile rejects with (an ImageFileError naming the path). */
async function refusal(path: string, options: Parameters<typeof readImageFile>[1] = {}): Promise<string> {
  const error = await readImageFile(path, options).then(() => assert.fail(`${path} was decoded`), (e: Error) => e);
  assert.ok(error instanceof ImageFileError, error.message);
  assert.equal(error.path, path);
  assert.ok(error.message.startsWith(`${path} `));
  return error.detail;
}

test('PNG and JPEG decode to RGBA, by content', async () => {
  const grey = await readImageFile(file('grey.jpg', greyPng(3, 2, 77)));
  assert.deepEqual({ ...grey, data: [...grey.data] }, { width: 3, height: 2, data: Array.from({ length: 6 }, () => [77, 77, 77, 255]).flat() });
  const hubble = await readImageFile(join(EXAMPLES, 'samples', 'hubble_deep_field.jpg'));
  assert.deepEqual([hubble.width, hubble.height, hubble.data.length], [1000, 872, 1000 * 872 * 4]);
});

// The bombs readImageFile is given here stay small enough (81 MP declared, a few hundred MB if
// decoded) to be harmless on code without the check; the 900 MP and 400 MP ones go to checkImageFile only.
test('a decompression bomb is refused from its header, before decoding: one sentence with the declared size', async () => {
  const started = performance.now();
  assert.equal(await refusal(file('bomb-81.png', pngBytes(9000, 9000))), 'declares 9000x9000 pixels (81 MP), over the 64 MP limit (STYLEGRAPH_MAX_PIXELS)');
  assert.ok(performance.now() - started < 3000, 'refused without decoding');
  const bomb = file('bomb.png', pngBytes(30000, 30000));
  await assert.rejects(checkImageFile(bomb, 64_000_000), { message: `${bomb} declares 30000x30000 pixels (900 MP), over the 64 MP limit (STYLEGRAPH_MAX_PIXELS)` });
  const oneBit = file('one-bit.png', oneBitPng(20000, 20000));
  await assert.rejects(checkImageFile(oneBit, 64_000_000), { message: `${oneBit} declares 20000x20000 pixels (400 MP), over the 64 MP limit (STYLEGRAPH_MAX_PIXELS)` });
});

test('the limit: maxPixels lowers or raises it; $STYLEGRAPH_MAX_PIXELS is where it comes from', async () => {
  const grey = file('grey-100.png', greyPng(100, 100, 9));
  assert.equal(await refusal(grey, { maxPixels: 9999 }), 'declares 100x100 pixels, over the limit of 9999 pixels (STYLEGRAPH_MAX_PIXELS)');
  assert.equal((await readImageFile(grey, { maxPixels: 10000 })).width, 100);
  assert.equal(maxPixelsFromEnv({}), 64_000_000);
  assert.equal(maxPixelsFromEnv({ STYLEGRAPH_MAX_PIXELS: '9999' }), 9999);
  assert.throws(() => maxPixelsFromEnv({ STYLEGRAPH_MAX_PIXELS: 'many' }), /STYLEGRAPH_MAX_PIXELS must be a whole number of pixels/);
});

test('checkImageFile reads the header only; damaged or cut-short image data is ours to name when decoding, never pngjs\'s or jpeg-js\'s words', async () => {
  const whole = greyPng(40, 30, 200);
  const garbage = file('garbage.png', pngBytes(40, 30, { colourType: 0, idat: Buffer.from('not zlib data at all, not at all') }));
  assert.deepEqual(await checkImageFile(garbage, 64_000_000), { format: 'png', width: 40, height: 30, bitDepth: 8, colourType: 0, interlaced: false });
  assert.equal(await refusal(garbage), 'is not a valid PNG: its image data is damaged');
  assert.equal(await refusal(file('cut.png', whole.subarray(0, whole.length - 30))), 'is not a valid PNG: the file ends before its image data does');
  const crc = Buffer.from(whole);
  crc[whole.length - 14] ^= 0xff; // the IDAT chunk's CRC
  assert.equal(await refusal(file('crc.png', crc)), 'is not a valid PNG: a chunk is damaged (its checksum or length is wrong)');
  const jpeg = readFileSync(join(EXAMPLES, 'samples', 'hubble_deep_field.jpg'));
  assert.equal(await refusal(file('cut.jpg', jpeg.subarray(0, jpeg.length / 2))), 'is not a valid JPEG: the file ends before its image data does');
  assert.equal(await refusal(file('short.png', whole.subarray(0, 20))), 'is not a valid PNG: the file ends inside its header (IHDR)');
  assert.equal(await refusal(file('text.png', Buffer.from('hello'))), 'is neither a PNG nor a JPEG file');
});

test('an interlaced PNG whose data inflates past its declared size is refused (pngjs would inflate all of it)', async () => {
  const path = file('interlaced-bomb.png', pngBytes(1, 1, { interlace: 1, idat: deflateSync(Buffer.alloc(64 * 2 ** 20)) }));
  assert.equal(await refusal(path), 'is not a valid PNG: its image data inflates to more than its header declares');
});

test('a folder or a FIFO is not an image file (and a FIFO is not waited on)', async (t) => {
  mkdirSync(join(dir, 'folder.png'));
  assert.equal(await refusal(join(dir, 'folder.png')), 'is a folder, not an image file');
  if (process.platform === 'win32') return t.skip('no FIFOs');
  execFileSync('mkfifo', [join(dir, 'fifo.png')]);
  assert.equal(await refusal(join(dir, 'fifo.png')), 'is not a regular file');
  await assert.rejects(checkImageFile(join(dir, 'fifo.png'), 64_000_000), { message: `${join(dir, 'fifo.png')} is not a regular file` });
});

test('decoding stops within a second of an abort (a 64 MP 1-bit PNG takes seconds to expand)', async () => {
  const path = file('64mp.png', oneBitPng(8000, 8000));
  const controller = new AbortController();
  const reading = readImageFile(path, { signal: controller.signal });
  let settled = false;
  void reading.then(() => (settled = true), () => (settled = true));
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(settled, false, 'still decoding after 300 ms');
  const aborted = performance.now();
  controller.abort();
  await assert.rejects(reading, { name: 'AbortError' });
  const ms = performance.now() - aborted;
  assert.ok(ms < 1000, `stopped ${ms.toFixed(0)} ms after the abort`);
  console.log(`aborted decode of a 64 MP PNG: rejected ${ms.toFixed(0)} ms after the abort`);
});
