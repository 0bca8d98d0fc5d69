import { deflateSync } from 'node:zlib';
import { VGG19_LAYERS } from '../../src/core/model/vgg19';
import type { ConvWeights, VggWeightSet } from '../../src/core/model/weights';

/**
 * A MATLAB level-5 MAT-file writer for tests, laid out as MATLAB's `save -v7` does: 128-byte
 * header, one element per variable, each an miMATRIX, zlib-compressed into an miCOMPRESSED
 * element unless `compress` is false. Uses node:zlib, not the reader's fflate.
 */
export type MatWriteValue =
  | { readonly kind: 'single' | 'double'; readonly dims: readonly number[]; /** column-major */ readonly data: ArrayLike<number> }
  | { readonly kind: 'char'; readonly text: string }
  | { readonly kind: 'cell'; readonly dims: readonly number[]; readonly items: readonly MatWriteValue[] }
  | { readonly kind: 'struct'; readonly fields: Readonly<Record<string, MatWriteValue>> };

export function matFile(variables: Readonly<Record<string, MatWriteValue>>, options: { compress?: boolean } = {}): Buffer {
  const header = Buffer.alloc(128, ' ');
  header.write('MATLAB 5.0 MAT-file, Platform: GLNXA64, Created on: Sun Nov 29 00:00:00 2026 (stylegraph test)');
  header.fill(0, 116, 124); // no subsystem data
  header.writeUInt16LE(0x0100, 124);
  header.write('IM', 126, 'latin1');
  const elements = Object.entries(variables).map(([name, value]) => {
    const matrix = matrixElement(name, value);
    if (options.compress === false) return matrix;
    const compressed = deflateSync(matrix, { level: 1 }); // fast; any level inflates the same
    return Buffer.concat([tag(MI_COMPRESSED, compressed.length), compressed]);
  });
  return Buffer.concat([header, ...elements]);
}

export const single = (dims: readonly number[], data: ArrayLike<number>): MatWriteValue => ({ kind: 'single', dims, data });
export const double = (...data: number[]): MatWriteValue => ({ kind: 'double', dims: [1, data.length], data });
export const char = (text: string): MatWriteValue => ({ kind: 'char', text });
export const cell = (...items: MatWriteValue[]): MatWriteValue => ({ kind: 'cell', dims: [1, items.length], items });
export const struct = (fields: Record<string, MatWriteValue>): MatWriteValue => ({ kind: 'struct', fields });

export interface MatConvNetOptions {
  readonly compress?: boolean;
  /** Add fc6, relu6, fc7, relu7, fc8 and prob, as in the real file (small, random sizes). */
  readonly fc?: boolean;
  /** How the bias is stored: [1, out] (default) or [out, 1]. */
  readonly bias?: 'row' | 'column';
  /** MatConvNet before beta 9 stored `filters` and `biases` instead of the `weights` cell. */
  readonly fields?: 'weights' | 'filters-biases';
}

/** The course's imagenet-vgg-verydeep-19.mat laid out for `set`; layers missing from `set` are left out. */
export function matConvNetFile(set: VggWeightSet, options: MatConvNetOptions = {}): Buffer {
  return matFile({ meta: META, layers: cell(...matConvNetLayers(set, options)) }, options);
}

/** The structs of the `layers` cell, in network order: conv, relu, pool (then fc layers). */
export function matConvNetLayers(set: VggWeightSet, options: MatConvNetOptions = {}): MatWriteValue[] {
  const layers: MatWriteValue[] = [];
  for (const layer of VGG19_LAYERS) {
    const w = set.layers.get(layer.name);
    if (w) layers.push(convLayer(layer.name, [3, 3, w.inChannels, w.outChannels], hwioToColumnMajor(w), w.bias, options));
    layers.push(struct({ name: char(layer.name.replace('conv', 'relu')), type: char('relu'), leak: double(0), precious: double(0) }));
    if (layer.endsBlock) {
      layers.push(struct({ name: char(`pool${layer.block}`), type: char('pool'), method: char('max'), pool: double(2, 2), stride: double(2, 2), pad: double(0, 0, 0, 0), precious: double(0) }));
    }
  }
  if (options.fc) {
    const last = [...set.layers.values()].at(-1)?.outChannels ?? 1;
    for (const [name, dims] of [['fc6', [7, 7, last, 16]], ['fc7', [1, 1, 16, 16]], ['fc8', [1, 1, 16, 10]]] as const) {
      const count = dims.reduce((a, b) => a * b, 1);
      layers.push(convLayer(name, dims, Float32Array.from({ length: count }, (_, i) => Math.sin(i)), new Float32Array(dims[3]), options));
      if (name !== 'fc8') layers.push(struct({ name: char(name.replace('fc', 'relu')), type: char('relu'), leak: double(0), precious: double(0) }));
    }
    layers.push(struct({ name: char('prob'), type: char('softmax'), precious: double(0) }));
  }
  return layers;
}

/** A conv layer struct with MatConvNet's fields; `kernel` is column-major. */
export function convLayer(name: string, kernelDims: readonly number[], kernel: ArrayLike<number>, bias: Float32Array, options: MatConvNetOptions = {}): MatWriteValue {
  const out = bias.length;
  const b = single(options.bias === 'column' ? [out, 1] : [1, out], bias);
  const k = single(kernelDims, kernel);
  const weights: Record<string, MatWriteValue> = options.fields === 'filters-biases' ? { filters: k, biases: b } : { weights: cell(k, b) };
  return struct({
    name: char(name), type: char('conv'), ...weights,
    size: double(...kernelDims), pad: double(1, 1, 1, 1), stride: double(1, 1), precious: double(0), dilate: double(1), opts: { kind: 'cell', dims: [0, 0], items: [] },
  });
}

/** A row-major HWIO kernel in MATLAB's column-major order: element (i,j,k,l) at i + 3j + 9k + 9 in l. */
export function hwioToColumnMajor(w: ConvWeights): Float32Array {
  const { kernel, inChannels: ci, outChannels: co } = w;
  const out = new Float32Array(kernel.length);
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      for (let k = 0; k < ci; k++) {
        for (let l = 0; l < co; l++) out[i + 3 * (j + 3 * (k + ci * l))] = kernel[((i * 3 + j) * ci + k) * co + l]!;
      }
    }
  }
  return out;
}

const META = struct({
  inputs: struct({ name: char('input'), size: double(224, 224, 3, 10) }),
  classes: struct({ name: cell(char('n01440764'), char('n01443537')), description: cell(char('tench, Tinca tinca'), char('goldfish, Carassius auratus')) }),
  normalization: struct({ averageImage: { kind: 'single', dims: [3, 1], data: [123.68, 116.779, 103.939] }, imageSize: double(224, 224, 3), interpolation: char('bilinear') }),
});

const MI_INT8 = 1, MI_UINT32 = 6, MI_INT32 = 5, MI_SINGLE = 7, MI_DOUBLE = 9, MI_MATRIX = 14, MI_COMPRESSED = 15, MI_UTF8 = 16;
const CLASS = { cell: 1, struct: 2, char: 4, double: 6, single: 7 } as const;

function matrixElement(name: string, value: MatWriteValue): Buffer {
  const dims = value.kind === 'char' ? [1, value.text.length] : value.kind === 'struct' ? [1, 1] : value.dims;
  const parts = [
    element(MI_UINT32, uint32s([CLASS[value.kind], 0])),
    element(MI_INT32, int32s(dims)),
    element(MI_INT8, Buffer.from(name, 'latin1')),
  ];
  if (value.kind === 'char') parts.push(element(MI_UTF8, Buffer.from(value.text, 'utf8')));
  if (value.kind === 'single') parts.push(element(MI_SINGLE, Buffer.from(Float32Array.from(value.data).buffer)));
  if (value.kind === 'double') parts.push(element(MI_DOUBLE, Buffer.from(Float64Array.from(value.data).buffer)));
  if (value.kind === 'cell') parts.push(...value.items.map((item) => matrixElement('', item)));
  if (value.kind === 'struct') {
    const names = Object.keys(value.fields);
    const nameLength = 32;
    const namesBytes = Buffer.alloc(nameLength * names.length);
    names.forEach((n, i) => namesBytes.write(n, i * nameLength, 'latin1'));
    parts.push(element(MI_INT32, int32s([nameLength])), element(MI_INT8, namesBytes));
    parts.push(...names.map((n) => matrixElement('', value.fields[n]!)));
  }
  return element(MI_MATRIX, Buffer.concat(parts));
}

/** A data element: the small format (data inside the tag) for 1 to 4 bytes, else tag + data padded to 8. */
function element(type: number, data: Buffer): Buffer {
  if (data.length > 0 && data.length <= 4 && type !== MI_MATRIX) {
    const small = Buffer.alloc(8);
    small.writeUInt32LE(((data.length << 16) | type) >>> 0, 0);
    data.copy(small, 4);
    return small;
  }
  const padded = Buffer.alloc(Math.ceil(data.length / 8) * 8);
  data.copy(padded);
  return Buffer.concat([tag(type, data.length), padded]);
}

function tag(type: number, bytes: number): Buffer {
  return uint32s([type, bytes]);
}

function uint32s(values: readonly number[]): Buffer {
  return Buffer.from(Uint32Array.from(values).buffer);
}

function int32s(values: readonly number[]): Buffer {
  return Buffer.from(Int32Array.from(values).buffer);
}
