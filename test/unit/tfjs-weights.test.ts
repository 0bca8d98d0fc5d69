import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TFJS_WEIGHTS_FORMAT, readTfjsWeights, writeTfjsWeights } from '../../src/core/model/tfjs-weights';
import { KERAS_PREPROCESSING, MATCONVNET_PREPROCESSING, type VggWeightSet } from '../../src/core/model/weights';
import { assertSameWeights, randomVggWeights } from '../helpers/weight-files';

interface Written {
  modelJson: string;
  shards: { path: string; bytes: Uint8Array }[];
}

function read({ modelJson, shards }: Written, source = '/x/model.json'): Promise<VggWeightSet> {
  const files = new Map(shards.map((s) => [s.path, s.bytes]));
  return readTfjsWeights(modelJson, async (path) => {
    const bytes = files.get(path);
    if (!bytes) throw new Error(`ENOENT: no such file ${path}`);
    return bytes;
  }, source);
}

/** `written` with its model.json edited. */
function edit(written: Written, change: (json: { weightsManifest: { paths: string[]; weights: Record<string, unknown>[] }[]; userDefinedMetadata?: unknown }) => void): Written {
  const json = JSON.parse(written.modelJson) as Parameters<typeof change>[0];
  change(json);
  return { ...written, modelJson: JSON.stringify(json) };
}

test('written weights read back identical, across many shards, with their preprocessing', async () => {
  const set = { ...randomVggWeights(11), preprocessing: MATCONVNET_PREPROCESSING };
  const written = writeTfjsWeights(set, 4_000);
  assert.ok(written.shards.length > 5);
  const n = written.shards.length;
  assert.deepEqual(written.shards.map((s) => s.path).slice(0, 2), [`group1-shard1of${n}.bin`, `group1-shard2of${n}.bin`]);
  const json = JSON.parse(written.modelJson) as { format: string; userDefinedMetadata: unknown };
  assert.equal(json.format, TFJS_WEIGHTS_FORMAT);
  assert.deepEqual(json.userDefinedMetadata, { stylegraph: { preprocessing: MATCONVNET_PREPROCESSING, source: 'random seed 11' } });
  const read1 = await read(written);
  assertSameWeights(read1, set);
  assert.deepEqual(read1.preprocessing, MATCONVNET_PREPROCESSING);
  assert.equal(read1.source, '/x/model.json');
});

test('the default is one 4 MiB shard per 4 MiB of weights', () => {
  assert.deepEqual(writeTfjsWeights(randomVggWeights(12)).shards.map((s) => s.path), ['group1-shard1of1.bin']);
});

test('model-name prefixes, :0 suffixes and other weights in the group are handled; no metadata means Keras preprocessing', async () => {
  const set = randomVggWeights(13);
  const written = writeTfjsWeights(set);
  // Put a 10-value int32 weight in front: every offset after it moves by 40 bytes.
  const shard = written.shards[0];
  assert.ok(shard);
  const shifted = new Uint8Array(40 + shard.bytes.length);
  shifted.set(shard.bytes, 40);
  const edited = edit({ ...written, shards: [{ path: shard.path, bytes: shifted }] }, (json) => {
    delete json.userDefinedMetadata;
    const group = json.weightsManifest[0];
    assert.ok(group);
    group.weights.forEach((w, i) => { w.name = i % 2 ? `vgg19/${String(w.name)}:0` : `vgg19/${String(w.name)}`; });
    group.weights.unshift({ name: 'step', shape: [10], dtype: 'int32' });
  });
  const read1 = await read(edited);
  assertSameWeights(read1, set);
  assert.deepEqual(read1.preprocessing, KERAS_PREPROCESSING);
});

test('a truncated shard is named, with the bytes the manifest needs', async () => {
  const written = writeTfjsWeights(randomVggWeights(14), 4_000);
  const n = written.shards.length;
  const cut = (index: number, keep: number): Written => ({ ...written, shards: written.shards.map((s, i) => (i === index ? { ...s, bytes: s.bytes.subarray(0, keep) } : s)) });
  await assert.rejects(read(cut(1, 3000)), { name: 'WeightsError', message: `/x/model.json: weight shard group1-shard2of${n}.bin has 3000 bytes, the manifest needs 4000 (truncated?)` });
  const last = written.shards[n - 1]?.bytes.length ?? 0;
  await assert.rejects(read(cut(n - 1, last - 1)), { message: `/x/model.json: weight shard group1-shard${n}of${n}.bin has ${last - 1} bytes, the manifest needs ${last} (truncated?)` });
});

test('a manifest whose weights need more bytes than any process can hold is a clear error, before a shard is read', async () => {
  const written = writeTfjsWeights(randomVggWeights(14), 4_000);
  const huge = edit(written, (json) => {
    json.weightsManifest[0]!.weights.push({ name: 'fc/kernel', shape: [2 ** 24, 2 ** 24], dtype: 'float32' });
  });
  const asked: string[] = [];
  await assert.rejects(readTfjsWeights(huge.modelJson, async (p) => { asked.push(p); return new Uint8Array(0); }, '/x/model.json'), {
    name: 'WeightsError',
    message: /^\/x\/model\.json: the manifest's weights need \d+ bytes, more than this process can hold$/,
  });
  assert.deepEqual(asked, []);
});

test('a missing shard is named', async () => {
  const written = writeTfjsWeights(randomVggWeights(15), 4_000);
  await assert.rejects(read({ ...written, shards: written.shards.slice(1) }), {
    name: 'WeightsError',
    message: /^\/x\/model\.json: cannot read weight shard group1-shard1of\d+\.bin: ENOENT/,
  });
});

test('non-float32 and quantized weights name the file and the layer', async () => {
  const written = writeTfjsWeights(randomVggWeights(16));
  const int32 = edit(written, (json) => { const w = json.weightsManifest[0]?.weights[2]; assert.ok(w); w.dtype = 'int32'; });
  await assert.rejects(read(int32), { name: 'WeightsError', message: '/x/model.json: block1_conv2: block1_conv2/kernel has dtype int32, expected float32' });
  const quantized = edit(written, (json) => { const w = json.weightsManifest[0]?.weights[0]; assert.ok(w); w.quantization = { dtype: 'uint8', min: -1, scale: 0.01 }; });
  await assert.rejects(read(quantized), { message: '/x/model.json: block1_conv1: block1_conv1/kernel is quantized to uint8, expected plain float32' });
  const strings = edit(written, (json) => { const w = json.weightsManifest[0]?.weights[0]; assert.ok(w); w.dtype = 'string'; });
  await assert.rejects(read(strings), { message: '/x/model.json: block1_conv1/kernel has dtype string, which stylegraph cannot read' });
});

test('a missing layer, a kernel without bias and a wrong width name the file and the layer', async () => {
  const set = randomVggWeights(17);
  const layers = new Map(set.layers);
  layers.delete('conv4_1');
  await assert.rejects(read(writeTfjsWeights({ ...set, layers })), { message: '/x/model.json: no weights for layer conv4_1 (block4_conv1)' });
  const noBias = edit(writeTfjsWeights(set), (json) => { const w = json.weightsManifest[0]?.weights.at(-1); assert.ok(w); w.name = 'block5_conv4/other'; });
  await assert.rejects(read(noBias), { message: '/x/model.json: block5_conv4: the manifest has a kernel but no bias' });
  const wide = edit(writeTfjsWeights(set), (json) => { const w = json.weightsManifest[0]?.weights[1]; assert.ok(w); w.shape = [2, 2]; });
  await assert.rejects(read(wide), { message: '/x/model.json: block1_conv1: bias has shape [2, 2], expected [4]' });
});

test('a model.json that is not JSON, has no manifest or bad preprocessing says so', async () => {
  await assert.rejects(read({ modelJson: '<html>', shards: [] }), { message: /^\/x\/model\.json: not valid JSON: / });
  await assert.rejects(read({ modelJson: '{"modelTopology": {}}', shards: [] }), { message: '/x/model.json: not a TensorFlow.js model.json (no valid weightsManifest)' });
  const bad = edit(writeTfjsWeights(randomVggWeights(18)), (json) => { json.userDefinedMetadata = { stylegraph: { preprocessing: { channelOrder: 'GRB', mean: [1, 2, 3] } } }; });
  await assert.rejects(read(bad), { message: /^\/x\/model\.json: userDefinedMetadata\.stylegraph\.preprocessing must be/ });
});

test('shard paths that leave the model.json\'s folder are refused before any shard is read', async () => {
  for (const path of ['../secret.bin', '/etc/passwd', 'a/../../secret.bin', 'C:\\secret.bin', 'https://example.com/a.bin', '']) {
    const bad = edit(writeTfjsWeights(randomVggWeights(18)), (json) => { json.weightsManifest[0]!.paths = [path]; });
    const asked: string[] = [];
    await assert.rejects(readTfjsWeights(bad.modelJson, async (p) => { asked.push(p); return new Uint8Array(0); }, '/x/model.json'), { message: new RegExp(`^/x/model\\.json: the shard path ${JSON.stringify(path).replace(/[\\.()[\]/]/g, '\\$&')} `) }, path);
    assert.deepEqual(asked, [], path);
  }
});
