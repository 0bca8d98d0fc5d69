import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { VGG19_LAYERS } from '../../src/core/model/vgg19';
import { writeWeightsFile, WEIGHTS_FILE } from '../../src/node/onnx/weights-file';
import { randomVggWeights } from '../helpers/weight-files';
import { mountTmpfs } from '../helpers/tmpfs';

const full = randomVggWeights(4, 'full');
const layers = VGG19_LAYERS.map((l) => full.layers.get(l.name)!);
/** What the message says the onnx backend needs for VGG-19's weights, computed from their size. */
const needs = (temp: string) =>
  `the onnx backend needs up to 320 MB in the system's temporary folder, ${temp} (160 MB for its copy of the VGG-19 weights, up to as much again for the optimised models of the passes it runs), and it has `;
const what = (temp: string) => new RegExp(`^${escape(needs(temp))}[\\d.]+ MB free: set TMPDIR to a folder with more space, or use --backend wasm`);

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

test('a full disk while the onnx weights file is written: the error names the temporary folder, the space needed and what to do', { skip: !existsSync('/dev/full') && 'no /dev/full here' }, (t) => {
  const temp = mkdtempSync(join(tmpdir(), 'stylegraph-full-'));
  t.after(() => rmSync(temp, { recursive: true, force: true }));
  const folder = mkdtempSync(join(temp, 'stylegraph-onnx-'));
  // Every write to /dev/full fails with ENOSPC, whatever the free space says.
  symlinkSync('/dev/full', join(folder, WEIGHTS_FILE));
  assert.throws(() => writeWeightsFile(folder, layers), (e: NodeJS.ErrnoException) => {
    assert.match(e.message, what(temp));
    assert.match(e.message, /\(ENOSPC: no space left on device, write\)$/);
    assert.equal(e.code, 'ENOSPC');
    return true;
  });
});

test('too little space in the temporary folder is found before the onnx weights file is written', (t) => {
  const tmpfs = mountTmpfs('1m');
  if (!tmpfs) return t.skip('needs root to mount a 1 MB tmpfs');
  t.after(() => tmpfs.unmount());
  const folder = mkdtempSync(join(tmpfs.path, 'stylegraph-onnx-'));
  assert.throws(() => writeWeightsFile(folder, layers), { message: new RegExp(`${what(dirname(folder)).source}$`) });
  assert.deepEqual(readdirSync(folder), [], 'nothing written');
});
