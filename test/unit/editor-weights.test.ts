import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { tfjsModelJsonFor } from '../../src/node/weights-store';
import { readTfjsFiles } from '../../src/node/tfjs-files';
import { assertSameWeights, randomVggWeights, writeKerasH5, writeTfjsFiles } from '../helpers/weight-files';
import { tempFolder } from '../helpers/temp-folder';

test('tfjsModelJsonFor: a model.json is served as it is; a Keras file is converted once into the cache', async () => {
  const dir = tempFolder('stylegraph-editor-weights-');
  try {
    const set = randomVggWeights(5);
    const modelJson = await writeTfjsFiles(set, join(dir, 'tfjs'));
    assert.deepEqual(await tfjsModelJsonFor(modelJson, join(dir, 'cache')), { modelJson, converted: false });
    const h5 = join(dir, 'vgg19.h5');
    await writeKerasH5(set, h5, 'legacy');
    const first = await tfjsModelJsonFor(h5, join(dir, 'cache'));
    assert.equal(first.converted, true);
    assert.ok(first.modelJson.startsWith(join(dir, 'cache')));
    assertSameWeights(await readTfjsFiles(first.modelJson), set);
    const mtime = statSync(first.modelJson).mtimeMs;
    const second = await tfjsModelJsonFor(h5, join(dir, 'cache'));
    assert.deepEqual(second, { modelJson: first.modelJson, converted: false });
    assert.equal(statSync(first.modelJson).mtimeMs, mtime, 'not written again');
    symlinkSync(h5, join(dir, 'link.h5'));
    assert.deepEqual(await tfjsModelJsonFor(join(dir, 'link.h5'), join(dir, 'cache')), second, 'the same file through a link: the same conversion');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
