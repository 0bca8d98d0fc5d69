import { checkHdf5Header } from './hdf5-superblock';
import { hdf5ErrorReason, loadH5wasm, scratchPath, type H5Dataset, type H5Group, type H5wasm } from './h5wasm';
import { VGG19_LAYERS } from './vgg19';
import { KERAS_PREPROCESSING, WeightsError, checkVggWeights, convWeights, type ConvWeights, type VggWeightSet } from './weights';

/**
 * Reads the VGG-19 conv weights of a Keras HDF5 weights file, as `model.save_weights()` writes it:
 * the root attribute `layer_names` lists the layers, each layer group's `weight_names` lists its
 * datasets (`block1_conv1_W_1:0` in the original Keras 1 file, `block1_conv1/kernel:0` later).
 */
export async function readKerasH5(bytes: Uint8Array, source: string): Promise<VggWeightSet> {
  checkHdf5Header(bytes, source);
  const { h5wasm, FS } = await loadH5wasm();
  const path = scratchPath();
  FS.writeFile(path, bytes);
  try {
    const file = new h5wasm.File(path, 'r');
    try {
      return readLayers(h5wasm, file, source);
    } finally {
      file.close();
    }
  } catch (error) {
    if (error instanceof WeightsError) throw error;
    throw new WeightsError(`${source}: HDF5 cannot read the file (is it damaged?): ${hdf5ErrorReason(error)}`);
  } finally {
    FS.unlink(path);
  }
}

function readLayers(h5wasm: H5wasm, file: H5Group, source: string): VggWeightSet {
  const layerNames = stringList(file, 'layer_names');
  if (!layerNames) throw new WeightsError(`${source}: not a Keras weights file (no layer_names attribute)`);
  const layers = new Map<string, ConvWeights>();
  for (const layer of VGG19_LAYERS) {
    // Layers the file does not list are left out; checkVggWeights names the first one missing.
    if (layerNames.includes(layer.kerasName)) layers.set(layer.name, readConv(h5wasm, file, layer.kerasName, `${source}: ${layer.kerasName}`));
  }
  const set = { layers, preprocessing: KERAS_PREPROCESSING, source };
  checkVggWeights(set);
  return set;
}

function readConv(h5wasm: H5wasm, file: H5Group, kerasName: string, what: string): ConvWeights {
  const group = file.get(kerasName);
  if (!(group instanceof h5wasm.Group)) throw new WeightsError(`${what}: listed in layer_names, but the file has no group /${kerasName}`);
  const names = stringList(group, 'weight_names') ?? [];
  // Keras stores a convolution's kernel first, then its bias, and loads them by position too.
  if (names.length !== 2) throw new WeightsError(`${what}: expected a kernel and a bias in weight_names, found [${names.join(', ')}]`);
  const [kernelName, biasName] = names;
  const kernel = readFloat32(h5wasm, group, kernelName, `${what}: kernel`);
  const bias = readFloat32(h5wasm, group, biasName, `${what}: bias`);
  return convWeights(what, kernel.data, kernel.shape, bias.data, bias.shape);
}

function readFloat32(h5wasm: H5wasm, group: H5Group, name: string, what: string): { data: Float32Array; shape: number[] } {
  const dataset = group.get(name);
  if (!(dataset instanceof h5wasm.Dataset)) throw new WeightsError(`${what}: no dataset ${group.path}/${name}`);
  const { metadata } = dataset;
  if (metadata.type !== FLOAT_CLASS || metadata.size !== 4 || !metadata.littleEndian) {
    throw new WeightsError(`${what} (${name}) holds ${describeType(metadata)} values, expected float32`);
  }
  // h5wasm returns a Float32Array for little-endian 4-byte floats, checked just above.
  return { data: dataset.value as Float32Array, shape: dataset.shape ?? [] };
}

// HDF5 datatype classes (H5T_class_t).
const INTEGER_CLASS = 0;
const FLOAT_CLASS = 1;

function describeType({ type, size, signed, littleEndian }: H5Dataset['metadata']): string {
  const bits = size * 8;
  const name = type === FLOAT_CLASS ? `float${bits}` : type === INTEGER_CLASS ? `${signed ? 'int' : 'uint'}${bits}` : 'non-numeric';
  return littleEndian ? name : `big-endian ${name}`;
}

/** A string-list attribute; h5py stores an empty list as an empty float array. */
function stringList(entity: H5Group, name: string): string[] | undefined {
  const value = entity.attrs[name]?.value;
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value;
  if (ArrayBuffer.isView(value) && value.byteLength === 0) return [];
  return undefined;
}
