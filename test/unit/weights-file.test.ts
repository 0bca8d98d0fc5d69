import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConvWeights } from '../../src/core/model/weights';
import { WEIGHTS_FILE, writeWeightsFile, type StoredArray } from '../../src/node/onnx/weights-file';
import { mulberry32 } from '../helpers/weight-files';
import { tempFolder } from '../helpers/temp-folder';

function randomLayer(inChannels: number, outChannels: number, seed: number): ConvWeights {
  const r = mulberry32(seed);
  return {
    inChannels,
    outChannels,
    kernel: Float32Array.from({ length: 9 * inChannels * outChannels }, () => r() - 0.5),
    bias: Float32Array.from({ length: outChannels }, () => r() - 0.5),
  };
}

/** HWIO kernel value at (kh, kw, i, o). */
const hwio = (w: ConvWeights, kh: number, kw: number, i: number, o: number) => w.kernel[((kh * 3 + kw) * w.inChannels + i) * w.outChannels + o]!;

function slice(file: Buffer, at: StoredArray): Float32Array {
  return new Float32Array(file.buffer.slice(file.byteOffset + at.offset, file.byteOffset + at.offset + at.length));
}

test('each layer is stored as an OIHW kernel, its flipped kernel and its bias, one after another', () => {
  const folder = tempFolder('stylegraph-weights-file-');
  const layers = [randomLayer(3, 4, 1), randomLayer(4, 2, 2)];
  const stored = writeWeightsFile(folder, layers);
  assert.deepEqual(readdirSync(folder), [WEIGHTS_FILE]);
  const file = readFileSync(join(folder, WEIGHTS_FILE));

  // Laid out back to back: 108, 108, 4, 72, 72, 2 floats.
  const spans = stored.flatMap((s) => [s.kernel, s.flipped, s.bias]);
  assert.deepEqual(spans.map((s) => s.length), [108, 108, 4, 72, 72, 2].map((n) => 4 * n));
  spans.reduce((offset, s) => {
    assert.equal(s.offset, offset);
    return offset + s.length;
  }, 0);
  assert.equal(file.length, 4 * (108 * 2 + 4 + 72 * 2 + 2));

  stored.forEach((s, n) => {
    const w = layers[n]!;
    assert.deepEqual([s.inChannels, s.outChannels], [w.inChannels, w.outChannels]);
    const kernel = slice(file, s.kernel);
    const flipped = slice(file, s.flipped);
    for (let o = 0; o < w.outChannels; o++) {
      for (let i = 0; i < w.inChannels; i++) {
        for (let kh = 0; kh < 3; kh++) {
          for (let kw = 0; kw < 3; kw++) {
            assert.equal(kernel[o * w.inChannels * 9 + i * 9 + kh * 3 + kw], hwio(w, kh, kw, i, o), `kernel ${n} [${o},${i},${kh},${kw}]`);
            // [in, out, 3, 3], rotated 180 degrees.
            assert.equal(flipped[i * w.outChannels * 9 + o * 9 + kh * 3 + kw], hwio(w, 2 - kh, 2 - kw, i, o), `flipped ${n} [${i},${o},${kh},${kw}]`);
          }
        }
      }
    }
    assert.deepEqual(slice(file, s.bias), w.bias);
  });
});

test('a smaller layer after a larger one is written whole, not mixed with the larger one\'s values (one scratch array for all)', () => {
  const folder = tempFolder('stylegraph-weights-file-');
  const layers = [randomLayer(8, 8, 3), randomLayer(1, 1, 4)];
  const [, small] = writeWeightsFile(folder, layers);
  const file = readFileSync(join(folder, WEIGHTS_FILE));
  const w = layers[1]!;
  assert.deepEqual(slice(file, small!.kernel), w.kernel);
  assert.deepEqual(slice(file, small!.flipped), Float32Array.from(w.kernel).reverse());
});

test('an unwritable folder: the file system\'s error as it is (not a space error)', () => {
  assert.throws(() => writeWeightsFile(join(tempFolder('stylegraph-weights-file-'), 'missing'), [randomLayer(1, 1, 5)]), { code: 'ENOENT' });
});
