import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VGG19_BLOCK_WIDTHS, VGG19_LAYERS, VGG19_LAYER_NAMES, vggLayer } from '../../src/core/model/vgg19';

test('sixteen conv layers in network order, conv1_1 .. conv5_4 and block1_conv1 .. block5_conv4, indexed by position', () => {
  assert.equal(VGG19_LAYERS.length, 16);
  assert.deepEqual(VGG19_LAYER_NAMES.slice(0, 5), ['conv1_1', 'conv1_2', 'conv2_1', 'conv2_2', 'conv3_1']);
  assert.equal(VGG19_LAYER_NAMES.at(-1), 'conv5_4');
  VGG19_LAYERS.forEach((l, i) => {
    assert.equal(l.index, i);
    assert.equal(l.kerasName, l.name.replace(/^conv(\d)_(\d)$/, 'block$1_conv$2'));
    assert.equal(l.block, Number(l.name[4]));
  });
});

test('a pooling follows the last conv of each block; the widths double from 64 to 512', () => {
  assert.deepEqual(VGG19_LAYERS.filter((l) => l.endsBlock).map((l) => l.name), ['conv1_2', 'conv2_2', 'conv3_4', 'conv4_4', 'conv5_4']);
  assert.deepEqual(VGG19_LAYERS.map((l) => l.fullWidth), [64, 64, 128, 128, 256, 256, 256, 256, 512, 512, 512, 512, 512, 512, 512, 512]);
  assert.deepEqual(VGG19_BLOCK_WIDTHS.map((b) => b.length), [2, 2, 4, 4, 4]);
});

test('vggLayer finds a layer by our name only', () => {
  assert.deepEqual(vggLayer('conv4_2'), { name: 'conv4_2', kerasName: 'block4_conv2', block: 4, index: 9, endsBlock: false, fullWidth: 512 });
  assert.equal(vggLayer('block4_conv2'), undefined);
  assert.equal(vggLayer('conv6_1'), undefined);
});
