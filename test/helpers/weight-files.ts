import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { loadH5wasm, scratchPath } from '../../src/core/model/h5wasm';
import { VGG19_BLOCK_WIDTHS, VGG19_LAYERS } from '../../src/core/model/vgg19';
import { KERAS_PREPROCESSING, type ConvWeights, type VggWeightSet } from '../../src/core/model/weights';

export { writeTfjsFiles } from '../../src/node/tfjs-files';

/** Channels per conv layer of the narrow variant: fast to run, same structure. */
const NARROW_WIDTHS = [4, 4, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8];

/** Seeded 32-bit PRNG (mulberry32): uniform in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Random VGG-19 weights, the same for the same seed. Kernels are He-scaled (std sqrt(2 / (9 in)))
 * so activations keep their size through the 16 ReLU layers; biases are small.
 */
export function randomVggWeights(seed: number, widths: 'full' | 'narrow' | readonly number[] = 'narrow'): VggWeightSet {
  const outs = widths === 'full' ? VGG19_BLOCK_WIDTHS.flat() : widths === 'narrow' ? NARROW_WIDTHS : widths;
  assert.equal(outs.length, VGG19_LAYERS.length, 'one width per conv layer');
  const random = mulberry32(seed);
  // Sum of 4 uniforms: mean 2, variance 1/3; normal enough and cheap.
  const normal = (): number => (random() + random() + random() + random() - 2) * Math.sqrt(3);
  const layers = new Map<string, ConvWeights>();
  let inChannels = 3;
  VGG19_LAYERS.forEach((layer, i) => {
    const outChannels = outs[i];
    const std = Math.sqrt(2 / (9 * inChannels));
    const kernel = new Float32Array(9 * inChannels * outChannels);
    for (let k = 0; k < kernel.length; k++) kernel[k] = normal() * std;
    const bias = new Float32Array(outChannels);
    for (let k = 0; k < bias.length; k++) bias[k] = normal() * 0.01;
    layers.set(layer.name, { kernel, bias, inChannels, outChannels });
    inChannels = outChannels;
  });
  return { layers, preprocessing: KERAS_PREPROCESSING, source: `random seed ${seed}` };
}

/**
 * Writes `set` as Keras's `save_weights` lays it out: root `layer_names` with `input_1` and the
 * pooling layers (empty `weight_names`), one group per layer. 'legacy' is the original
 * vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5 (h5py of 2016: superblock 0, datasets
 * `block1_conv1_W_1:0` in the layer group); 'keras2' uses `block1_conv1/kernel:0` (a subgroup)
 * and a newer superblock. Layers missing from `set` are left out; `dtype` changes the stored type.
 */
export async function writeKerasH5(set: VggWeightSet, path: string, naming: 'legacy' | 'keras2', dtype: Float32ArrayConstructor | Float64ArrayConstructor = Float32Array): Promise<void> {
  const { h5wasm, FS } = await loadH5wasm();
  const scratch = scratchPath();
  const file = new h5wasm.File(scratch, 'w', naming === 'legacy' ? { libver: ['earliest', 'v108'] } : {});
  try {
    const layerNames = ['input_1', ...VGG19_LAYERS.flatMap((l) => [
      ...(set.layers.has(l.name) ? [l.kerasName] : []),
      ...(l.endsBlock ? [`block${l.block}_pool`] : []),
    ])];
    file.create_attribute('layer_names', layerNames, null, fixedString(layerNames));
    file.create_attribute('backend', 'tensorflow', null, 'A10');
    file.create_attribute('keras_version', naming === 'legacy' ? '1.1.0' : '2.2.4', null, 'A5');
    for (const name of layerNames) {
      const group = file.create_group(name);
      const layer = VGG19_LAYERS.find((l) => l.kerasName === name);
      const w = layer && set.layers.get(layer.name);
      if (!w) {
        // h5py stores an empty list as an empty float64 array.
        group.create_attribute('weight_names', new Float64Array(0));
        continue;
      }
      const weightNames = naming === 'legacy' ? [`${name}_W_1:0`, `${name}_b_1:0`] : [`${name}/kernel:0`, `${name}/bias:0`];
      const [kernelName, biasName] = weightNames;
      group.create_attribute('weight_names', weightNames, null, fixedString(weightNames));
      if (naming === 'keras2') group.create_group(name);
      group.create_dataset({ name: kernelName, data: new dtype(w.kernel), shape: [3, 3, w.inChannels, w.outChannels] });
      group.create_dataset({ name: biasName, data: new dtype(w.bias), shape: [w.bias.length] });
    }
  } finally {
    file.close();
  }
  writeFileSync(path, FS.readFile(scratch));
  FS.unlink(scratch);
}

/** h5py writes lists of byte strings as fixed-length ASCII strings, as long as the longest. */
function fixedString(values: readonly string[]): string {
  return `A${Math.max(1, ...values.map((v) => v.length))}`;
}

/** Fails unless both sets hold the same layers with bit-identical values. */
export function assertSameWeights(actual: VggWeightSet, expected: VggWeightSet): void {
  assert.deepEqual([...actual.layers.keys()], [...expected.layers.keys()]);
  for (const [name, e] of expected.layers) {
    const a = actual.layers.get(name);
    assert.ok(a, name);
    assert.deepEqual([a.inChannels, a.outChannels], [e.inChannels, e.outChannels], name);
    assert.ok(bytesOf(a.kernel).equals(bytesOf(e.kernel)), `${name} kernel`);
    assert.ok(bytesOf(a.bias).equals(bytesOf(e.bias)), `${name} bias`);
  }
}

function bytesOf(a: Float32Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}
