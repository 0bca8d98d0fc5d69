import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkHdf5Header, findHdf5Superblock } from '../../src/core/model/hdf5-superblock';

const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/** A superblock of `version` at `at` in a file of `length` bytes, recording `end` as its end of file. */
function fileWithSuperblock(version: number, end: number, length: number, at = 0, offsetSize = 8): Uint8Array {
  const bytes = new Uint8Array(length);
  bytes.set(SIGNATURE, at);
  bytes[at + 8] = version;
  bytes[at + (version < 2 ? 13 : 9)] = offsetSize;
  const endField = at + (version === 0 ? 24 : version === 1 ? 28 : 12) + 2 * offsetSize;
  new DataView(bytes.buffer).setUint32(endField, end, true);
  return bytes;
}

for (const version of [0, 1, 2, 3]) {
  test(`superblock version ${version}: a file as long as its header says passes, a shorter one is truncated`, () => {
    checkHdf5Header(fileWithSuperblock(version, 6368, 6368), 'w.h5');
    assert.throws(() => checkHdf5Header(fileWithSuperblock(version, 6368, 1000), '/x/w.h5'), {
      name: 'WeightsError',
      message: '/x/w.h5: truncated HDF5 file: 1000 bytes, the file header says 6368',
    });
  });
}

test('4-byte addresses are read too', () => {
  assert.throws(() => checkHdf5Header(fileWithSuperblock(0, 70000, 5000, 0, 4), 'w.h5'), { message: 'w.h5: truncated HDF5 file: 5000 bytes, the file header says 70000' });
});

test('the superblock may follow a user block at 512, 1024, ...', () => {
  const bytes = fileWithSuperblock(0, 3000, 3000, 1024);
  assert.equal(findHdf5Superblock(bytes), 1024);
  checkHdf5Header(bytes, 'w.h5');
  assert.equal(findHdf5Superblock(new Uint8Array(3000)), undefined);
});

test('an unknown superblock version and a file cut inside its header are reported', () => {
  assert.throws(() => checkHdf5Header(fileWithSuperblock(9, 100, 100), 'w.h5'), { message: 'w.h5: unsupported HDF5 superblock version 9' });
  assert.throws(() => checkHdf5Header(fileWithSuperblock(0, 100, 100).subarray(0, 40), 'w.h5'), { message: 'w.h5: truncated HDF5 file: 40 bytes, shorter than its own header' });
});
