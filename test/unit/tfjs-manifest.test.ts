import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkShardPaths, concatShards, isWeightGroups, parseModelJson, parseWeightsJson } from '../../src/core/model/tfjs-manifest';
import { KERAS_PREPROCESSING, WeightsError } from '../../src/core/model/weights';

const GROUP = { paths: ['group1-shard1of2.bin', 'shards/group1-shard2of2.bin'], weights: [{ name: 'block1_conv1/kernel', shape: [3, 3, 3, 64], dtype: 'float32' }, { name: 'q', shape: [2], dtype: 'float32', quantization: { dtype: 'uint8' } }] };
const modelJson = (extra: Record<string, unknown> = {}) => JSON.stringify({ format: 'layers-model', weightsManifest: [GROUP], ...extra });
const weightsError = (message: string) => (e: unknown) => e instanceof WeightsError && e.message === message;

test('a model.json: its weight groups, and Keras preprocessing when it names none', () => {
  const parsed = parseModelJson(modelJson(), 'vgg/model.json');
  assert.deepEqual(parsed.weightsManifest, [GROUP]);
  assert.deepEqual(parsed.preprocessing, KERAS_PREPROCESSING);
});

test("userDefinedMetadata.stylegraph.preprocessing is read, and a malformed one named", () => {
  const mean = [123.68, 116.779, 103.939];
  const metadata = (preprocessing: unknown) => modelJson({ userDefinedMetadata: { stylegraph: { preprocessing } } });
  assert.deepEqual(parseModelJson(metadata({ channelOrder: 'RGB', mean }), 'm.json').preprocessing, { channelOrder: 'RGB', mean });
  const message = 'm.json: userDefinedMetadata.stylegraph.preprocessing must be { "channelOrder": "RGB" or "BGR", "mean": [3 numbers] }';
  for (const bad of [{ channelOrder: 'rgb', mean }, { channelOrder: 'BGR', mean: [1, 2] }, { channelOrder: 'BGR', mean: [1, 2, '3'] }, 'BGR']) {
    assert.throws(() => parseModelJson(metadata(bad), 'm.json'), weightsError(message), JSON.stringify(bad));
  }
});

test('not JSON, or JSON without a valid weightsManifest, names the file', () => {
  assert.throws(() => parseWeightsJson('{"a":', 'm.json'), (e: unknown) => e instanceof WeightsError && e.message.startsWith('m.json: not valid JSON: '));
  const notModel = 'm.json: not a TensorFlow.js model.json (no valid weightsManifest)';
  for (const json of [{}, { weightsManifest: {} }, { weightsManifest: [{ paths: ['a.bin'] }] }, { weightsManifest: [{ paths: ['a.bin'], weights: [{ name: 'w', shape: [-1], dtype: 'float32' }] }] }, { weightsManifest: [{ paths: [1], weights: [] }] }]) {
    assert.throws(() => parseModelJson(JSON.stringify(json), 'm.json'), weightsError(notModel), JSON.stringify(json));
  }
  assert.equal(isWeightGroups([GROUP, { paths: [], weights: [] }]), true);
  assert.equal(isWeightGroups([{ ...GROUP, weights: [{ ...GROUP.weights[1], quantization: { dtype: 8 } }] }]), false);
});

test('a shard path outside the folder or absolute is refused, quoted and named', () => {
  assert.throws(() => parseModelJson(JSON.stringify({ weightsManifest: [{ paths: ['../secret.bin'], weights: [] }] }), 'm.json'),
    weightsError('m.json: the shard path "../secret.bin" leads outside the model.json\'s folder'));
  assert.throws(() => checkShardPaths([{ paths: ['ok.bin', '/etc/passwd'], weights: [] }], 'manifest.json', 'the manifest\'s folder'),
    weightsError('manifest.json: the shard path "/etc/passwd" is absolute; paths are relative to the manifest\'s folder'));
  assert.doesNotThrow(() => checkShardPaths([GROUP], 'm.json', 'x'));
});

test('shards are joined back to back; a single shard is returned as is', () => {
  const one = Uint8Array.from([1, 2]);
  assert.equal(concatShards([one]), one);
  assert.deepEqual(concatShards([one, Uint8Array.from([]), Uint8Array.from([3, 4, 5])]), Uint8Array.from([1, 2, 3, 4, 5]));
});
