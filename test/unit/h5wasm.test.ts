import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hdf5ErrorReason, loadH5wasm, scratchPath } from '../../src/core/model/h5wasm';

test('h5wasm loads once; an HDF5 error is thrown (not printed) and its innermost reason is one line', async () => {
  const loaded = await loadH5wasm();
  assert.equal(await loadH5wasm(), loaded);
  const path = scratchPath();
  loaded.FS.writeFile(path, new TextEncoder().encode('not an HDF5 file at all'.repeat(40)));
  try {
    assert.throws(() => new loaded.h5wasm.File(path, 'r'), (e: unknown) => {
      const reason = hdf5ErrorReason(e);
      assert.ok(reason.length > 0 && !reason.includes('\n'), reason);
      assert.notEqual(reason, (e as Error).message);
      return true;
    });
  } finally {
    loaded.FS.unlink(path);
  }
});

test("hdf5ErrorReason: the last ' in f(): reason' of the stack, else the whole message", () => {
  const stack = 'HDF5-DIAG: Error detected in HDF5 (1.14.2):\n  #000: H5F.c line 620 in H5Fopen(): unable to open file\n    major: File accessibility\n  #001: H5Fsuper.c line 600 in H5F__super_read(): truncated file: eof = 96, sblock->base_addr = 0, stored_eof = 2048\n';
  assert.equal(hdf5ErrorReason(new Error(stack)), 'truncated file: eof = 96, sblock->base_addr = 0, stored_eof = 2048');
  assert.equal(hdf5ErrorReason(new Error('plain failure')), 'plain failure');
  assert.equal(hdf5ErrorReason('a thrown string'), 'a thrown string');
});

test('scratch paths are never reused', () => {
  const paths = Array.from({ length: 5 }, scratchPath);
  assert.equal(new Set(paths).size, 5);
  for (const p of paths) assert.match(p, /^\/stylegraph-\d+\.h5$/);
});
