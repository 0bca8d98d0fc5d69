import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VGG19_LAYERS, vggLayer } from '../../src/core/model/vgg19';

test('VGG-19 has 16 conv layers named as in the course and in Keras', () => {
  assert.equal(VGG19_LAYERS.length, 16);
  assert.deepEqual(vggLayer('conv4_2'), { name: 'conv4_2', kerasName: 'block4_conv2', block: 4, index: 9, endsBlock: false, fullWidth: 512 });
  assert.equal(VGG19_LAYERS.filter((l) => l.endsBlock).map((l) => l.name).join(' '), 'conv1_2 conv2_2 conv3_4 conv4_4 conv5_4');
});
