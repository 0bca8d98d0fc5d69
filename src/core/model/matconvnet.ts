import { MatFileError, matFloat32, readMatFile, type MatValue } from './mat-v5';
import { VGG19_LAYERS } from './vgg19';
import { MATCONVNET_PREPROCESSING, WeightsError, checkVggWeights, convWeights, type ConvWeights, type VggWeightSet } from './weights';

/**
 * Reads the conv weights of a MatConvNet SimpleNN model such as the course's
 * `imagenet-vgg-verydeep-19.mat`: the variable `layers` is a 1xN cell array of structs, one per
 * layer; a conv layer has `name` ('conv1_1'), `type` ('conv') and `weights`, a 1x2 cell
 * {kernel [3,3,in,out], bias [1,out] or [out,1]} (older releases: fields `filters` and `biases`).
 * Other layers (relu, pool, fc, softmax) are skipped. MATLAB's (i,j,k,l) kernel element is the
 * HWIO element the course hands to tf.nn.conv2d; it is moved from column-major to row-major.
 */
export async function readMatConvNet(bytes: Uint8Array, source: string): Promise<VggWeightSet> {
  let layers: MatValue | undefined;
  try {
    layers = readMatFile(bytes, new Set(['layers'])).get('layers');
  } catch (error) {
    if (error instanceof MatFileError) throw new WeightsError(`${source}: ${error.message}`);
    throw error;
  }
  if (!layers) throw new WeightsError(`${source}: not a MatConvNet model (no variable 'layers')`);
  if (layers.kind !== 'cell') throw new WeightsError(`${source}: 'layers' is ${describe(layers)}, expected a cell array of layer structs`);

  const byName = new Map<string, ReadonlyMap<string, MatValue>>();
  for (const item of layers.items) {
    const fields = item.kind === 'struct' && item.elements.length === 1 ? item.elements[0]! : undefined;
    const name = fields?.get('name');
    if (name?.kind === 'char') byName.set(name.text, fields!);
  }
  const weights = new Map<string, ConvWeights>();
  for (const layer of VGG19_LAYERS) {
    const fields = byName.get(layer.name);
    // Missing layers are left out: checkVggWeights names the first one.
    if (fields) weights.set(layer.name, readConv(fields, `${source}: ${layer.name}`));
  }
  const set = { layers: weights, preprocessing: MATCONVNET_PREPROCESSING, source };
  checkVggWeights(set);
  return set;
}

function readConv(fields: ReadonlyMap<string, MatValue>, what: string): ConvWeights {
  const type = fields.get('type');
  if (type?.kind === 'char' && type.text !== 'conv') throw new WeightsError(`${what}: a '${type.text}' layer, expected 'conv'`);
  const cell = fields.get('weights');
  const [kernel, bias] = cell?.kind === 'cell' ? cell.items : [fields.get('filters'), fields.get('biases')];
  if (!kernel || !bias) throw new WeightsError(`${what}: no kernel and bias (expected a 'weights' field holding a 1x2 cell)`);
  if (kernel.kind !== 'numeric') throw new WeightsError(`${what}: the kernel is ${describe(kernel)}, expected a numeric array`);
  if (bias.kind !== 'numeric') throw new WeightsError(`${what}: the bias is ${describe(bias)}, expected a numeric array`);

  // MATLAB drops trailing singleton dimensions: [3,3,3] is a kernel with one output channel.
  const kernelShape = kernel.dims.length < 4 ? [...kernel.dims, 1, 1].slice(0, 4) : kernel.dims;
  const columnMajor = matFloat32(kernel);
  const hwio = kernelShape.length === 4 ? toRowMajor(columnMajor, kernelShape) : columnMajor;
  // A row or column vector is a flat bias; anything else keeps its shape for the error message.
  const biasShape = bias.dims.length === 2 && Math.min(...bias.dims) === 1 ? [Math.max(...bias.dims)] : bias.dims;
  return convWeights(what, hwio, kernelShape, Float32Array.from(matFloat32(bias)), biasShape);
}

/** A 4-D array from MATLAB's column-major order into row-major (C) order, same indices. */
function toRowMajor(values: Float32Array, [h = 0, w = 0, i = 0, o = 0]: readonly number[]): Float32Array {
  const out = new Float32Array(values.length);
  let src = 0;
  for (let l = 0; l < o; l++) {
    for (let k = 0; k < i; k++) {
      for (let c = 0; c < w; c++) {
        for (let r = 0; r < h; r++) out[((r * w + c) * i + k) * o + l] = values[src++]!;
      }
    }
  }
  return out;
}

function describe(value: MatValue): string {
  const dims = `[${value.dims.join(', ')}]`;
  switch (value.kind) {
    case 'numeric': return `a ${value.matlabClass} ${dims} array`;
    case 'char': return `the text '${value.text}'`;
    case 'cell': return `a ${dims} cell array`;
    case 'struct': return `a ${dims} struct`;
    default: return `a ${dims} ${value.description}`;
  }
}
