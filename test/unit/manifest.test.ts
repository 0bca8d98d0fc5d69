import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VGG19_MANIFEST } from '../../src/core/model/manifest';
import { KERAS_PREPROCESSING } from '../../src/core/model/weights';

test('the VGG-19 manifest names the Keras notop file, its hash and its preprocessing', () => {
  assert.equal(VGG19_MANIFEST.file, 'vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5');
  assert.ok(VGG19_MANIFEST.url.endsWith(`/${VGG19_MANIFEST.file}`));
  assert.equal(VGG19_MANIFEST.md5, '253f8cb515780f3b799900260a226db6');
  assert.equal(VGG19_MANIFEST.format, 'keras-h5');
  assert.deepEqual(VGG19_MANIFEST.preprocessing, KERAS_PREPROCESSING);
});
