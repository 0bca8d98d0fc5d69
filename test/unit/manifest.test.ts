import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { VGG19_MANIFEST } from '../../src/core/model/manifest';
import { loadWeightsFile, resolveDefaultWeights } from '../../src/node/weights-store';
import { REPO } from '../helpers/paths';
import { randomVggWeights, writeKerasH5 } from '../helpers/weight-files';
import { tempFolder } from '../helpers/temp-folder';

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = tempFolder('stylegraph-manifest-');
  try {
    await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('the manifest\'s preprocessing is what the Keras loader gives a Keras .h5 (both layer namings)', () => withDir(async (dir) => {
  for (const naming of ['legacy', 'keras2'] as const) {
    const h5 = join(dir, `${naming}.h5`);
    await writeKerasH5(randomVggWeights(2), h5, naming);
    const { weights } = await loadWeightsFile(h5);
    assert.deepEqual(weights.preprocessing, VGG19_MANIFEST.preprocessing, naming);
  }
}));

test('the download is stored under the URL\'s file name, which the setting\'s description names', () => {
  assert.equal(decodeURIComponent(new URL(VGG19_MANIFEST.url).pathname.split('/').pop()!), VGG19_MANIFEST.file);
  const settings = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).contributes.configuration.properties;
  assert.ok(settings['stylegraph.weightsPath'].markdownDescription.includes(VGG19_MANIFEST.file));
});

test('the default weights download checks the manifest\'s MD5: other bytes at its URL are refused and not kept', () => withDir(async (dir) => {
  const body = randomBytes(50_000);
  const server = createServer((_req, res) => res.writeHead(200, { 'content-length': body.length }).end(body));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/${VGG19_MANIFEST.file}`;
    await assert.rejects(resolveDefaultWeights({ ...VGG19_MANIFEST, url }, dir), (e: Error) => e.message.includes(`expected ${VGG19_MANIFEST.md5}`));
    assert.deepEqual(readdirSync(dir), []);
    // The same bytes are accepted once the manifest names their MD5.
    const md5 = createHash('md5').update(body).digest('hex');
    assert.equal(await resolveDefaultWeights({ ...VGG19_MANIFEST, url, md5 }, dir), join(dir, VGG19_MANIFEST.file));
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}));
