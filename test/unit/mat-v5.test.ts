import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MatFileError, checkMatHeader, matFloat32, readMatFile, type MatValue } from '../../src/core/model/mat-v5';
import { cell, char, double, matConvNetFile, matFile, single, struct } from '../helpers/mat-files';
import { randomVggWeights } from '../helpers/weight-files';

test('readMatFile reads only the variables asked for', () => {
  const bytes = matConvNetFile(randomVggWeights(39));
  assert.deepEqual([...readMatFile(bytes).keys()], ['meta', 'layers']);
  assert.deepEqual([...readMatFile(bytes, new Set(['meta'])).keys()], ['meta']);
  const meta = readMatFile(bytes, new Set(['meta'])).get('meta');
  assert.equal(meta?.kind, 'struct');
  assert.deepEqual(meta.kind === 'struct' && meta.fieldNames, ['inputs', 'classes', 'normalization']);
});

const VARIABLES = {
  w: single([2, 3], [1, 2, 3, 4, 5, 6]),
  scale: double(0.5, -2),
  name: char('conv1_1'),
  parts: cell(char('a'), double(7)),
  info: struct({ kind: char('pool'), size: double(2, 2) }),
};

const numbers = (v: MatValue | undefined) => (v?.kind === 'numeric' ? Array.from(matFloat32(v)) : v);

test('single, double, char, cell and struct variables read back, compressed or not', () => {
  for (const compress of [true, false]) {
    const vars = readMatFile(matFile(VARIABLES, { compress }));
    assert.deepEqual([...vars.keys()], ['w', 'scale', 'name', 'parts', 'info']);
    const w = vars.get('w')!;
    assert.ok(w.kind === 'numeric' && w.matlabClass === 'single');
    assert.deepEqual(w.dims, [2, 3]);
    assert.deepEqual(numbers(w), [1, 2, 3, 4, 5, 6]);
    assert.deepEqual(numbers(vars.get('scale')), [0.5, -2]);
    const name = vars.get('name');
    assert.equal(name?.kind === 'char' && name.text, 'conv1_1');
    const parts = vars.get('parts')!;
    assert.ok(parts.kind === 'cell');
    assert.deepEqual(parts.dims, [1, 2]);
    assert.equal(parts.items[0]?.kind === 'char' && parts.items[0].text, 'a');
    assert.deepEqual(numbers(parts.items[1]), [7]);
    const info = vars.get('info')!;
    assert.ok(info.kind === 'struct');
    assert.deepEqual(info.fieldNames, ['kind', 'size']);
    assert.deepEqual(numbers(info.elements[0]!.get('size')), [2, 2]);
  }
});

test('an uncompressed file read for some variables holds those only', () => {
  assert.deepEqual([...readMatFile(matFile(VARIABLES, { compress: false }), new Set(['info', 'w'])).keys()], ['w', 'info']);
});

test('a variable not asked for is not inflated: a damaged one is skipped, and named when asked for', () => {
  const big = single([1, 4096], Array.from({ length: 4096 }, (_, i) => Math.sin(i)));
  const bytes = matFile({ keep: double(1), damaged: big });
  // Well past the name at the start of the second variable's compressed stream (read 1 KiB at a time), overwrite the rest.
  const second = 128 + 8 + bytes.readUInt32LE(128 + 4);
  const length = bytes.readUInt32LE(second + 4);
  assert.ok(length > 4096);
  bytes.fill(0xff, second + 8 + 3072, second + 8 + length);
  assert.deepEqual([...readMatFile(bytes, new Set(['keep'])).keys()], ['keep']);
  assert.throws(() => readMatFile(bytes), (e: unknown) => e instanceof MatFileError && e.message.startsWith(`damaged MAT-file: the compressed data at byte ${second} does not inflate`));
});

test('the header: MATLAB 7.3, another file, a short one and big-endian ones are named', () => {
  const header = (text: string, endian = 'IM', length = 128) => {
    const b = Buffer.alloc(length, ' ');
    b.write(text);
    if (length >= 128) b.write(endian, 126, 'latin1');
    return new Uint8Array(b);
  };
  const fails = (bytes: Uint8Array, message: string) => assert.throws(() => checkMatHeader(bytes), (e: unknown) => e instanceof MatFileError && e.message === message);
  assert.doesNotThrow(() => checkMatHeader(header('MATLAB 5.0 MAT-file, Platform: GLNXA64')));
  fails(header('MATLAB 7.3 MAT-file, Platform: GLNXA64'), 'a MATLAB 7.3 (HDF5) MAT-file: not supported, save it with -v7 instead');
  fails(header('\x89PNG'), "not a MAT-file (no 'MATLAB 5.0 MAT-file' header)");
  fails(header('MATLAB 5.0 MAT-file', 'IM', 100), 'truncated MAT-file: 100 bytes, shorter than its 128-byte header');
  fails(header('MATLAB 5.0 MAT-file', 'MI'), 'a big-endian MAT-file: not supported');
  fails(header('MATLAB 5.0 MAT-file', 'XX'), "not a MAT-file: endian indicator 'XX', expected 'IM'");
});
