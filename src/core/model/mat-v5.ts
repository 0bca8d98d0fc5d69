import { Unzlib, unzlibSync } from 'fflate';

/**
 * A small reader for MATLAB level-5 MAT-files (as `save -v7` writes them, and scipy.io.savemat):
 * the 128-byte header, then one data element per variable, each an miMATRIX, or an miCOMPRESSED
 * (zlib) element holding one. Numeric, char, logical, cell and struct arrays are read; other
 * classes (sparse, objects, function handles) and complex numbers become `{ kind: 'other' }` so
 * that a file holding them still reads, and whoever needs one of them can say what it found.
 * Little-endian files only. Numeric data is not converted until asked for (`matFloat32`).
 */

export type MatValue = MatNumeric | MatChar | MatCell | MatStruct | MatOther;

export interface MatNumeric {
  readonly kind: 'numeric';
  /** MATLAB's class: 'single', 'double', 'uint8', ... ('logical' for logical arrays). */
  readonly matlabClass: string;
  readonly dims: readonly number[];
  /** Where the values lie: the bytes of the real-part element, in its storage type. */
  readonly data: { readonly view: DataView; readonly offset: number; readonly type: number; readonly count: number };
}

export interface MatChar {
  readonly kind: 'char';
  readonly dims: readonly number[];
  /** The characters in column-major order (for a 1xN row, the text). */
  readonly text: string;
}

export interface MatCell {
  readonly kind: 'cell';
  readonly dims: readonly number[];
  /** Column-major. */
  readonly items: readonly MatValue[];
}

export interface MatStruct {
  readonly kind: 'struct';
  readonly dims: readonly number[];
  readonly fieldNames: readonly string[];
  /** One map of field values per element of the struct array, column-major. */
  readonly elements: readonly ReadonlyMap<string, MatValue>[];
}

export interface MatOther {
  readonly kind: 'other';
  readonly dims: readonly number[];
  /** What it is, for messages: 'sparse', 'object', 'complex double', ... */
  readonly description: string;
}

/** The file is not a MAT v5 file, or is damaged or truncated. Messages do not name the file. */
export class MatFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MatFileError';
  }
}

export const MAT_HEADER_TEXT = 'MATLAB 5.0 MAT-file';
const HEADER_BYTES = 128;

// Data types of data elements (miINT8 ...).
const MI_INT8 = 1, MI_UINT8 = 2, MI_INT16 = 3, MI_UINT16 = 4, MI_INT32 = 5, MI_UINT32 = 6;
const MI_SINGLE = 7, MI_DOUBLE = 9, MI_INT64 = 12, MI_UINT64 = 13, MI_MATRIX = 14, MI_COMPRESSED = 15;
const MI_UTF8 = 16, MI_UTF16 = 17;
const ELEMENT_BYTES: Partial<Record<number, number>> = {
  [MI_INT8]: 1, [MI_UINT8]: 1, [MI_INT16]: 2, [MI_UINT16]: 2, [MI_INT32]: 4, [MI_UINT32]: 4,
  [MI_SINGLE]: 4, [MI_DOUBLE]: 8, [MI_INT64]: 8, [MI_UINT64]: 8, [MI_UTF8]: 1, [MI_UTF16]: 2,
};

// Array classes (mxCELL_CLASS ...), from the array flags.
const MX_CELL = 1, MX_STRUCT = 2, MX_CHAR = 4;
const NUMERIC_CLASSES: Partial<Record<number, string>> = {
  6: 'double', 7: 'single', 8: 'int8', 9: 'uint8', 10: 'int16', 11: 'uint16', 12: 'int32', 13: 'uint32', 14: 'int64', 15: 'uint64',
};
const OTHER_CLASSES: Partial<Record<number, string>> = { 3: 'object', 5: 'sparse', 16: 'function handle', 17: 'opaque' };
const FLAG_COMPLEX = 0x800, FLAG_LOGICAL = 0x200;

/**
 * Reads the variables of a MAT v5 file, or only those named in `names` (the others are skipped
 * without being decompressed).
 */
export function readMatFile(bytes: Uint8Array, names?: ReadonlySet<string>): Map<string, MatValue> {
  checkMatHeader(bytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const variables = new Map<string, MatValue>();
  let offset = HEADER_BYTES;
  while (offset + 8 <= bytes.length) {
    const element = readTag(view, offset, bytes.length, true);
    if (element.type === MI_COMPRESSED) {
      const compressed = bytes.subarray(element.start, element.end);
      if (!names || names.has(peekName(compressed, offset))) {
        const inner = inflate(compressed, offset);
        const innerView = new DataView(inner.buffer, inner.byteOffset, inner.byteLength);
        const matrix = readTag(innerView, 0, inner.length, true);
        if (matrix.type !== MI_MATRIX) throw new MatFileError(`damaged MAT-file: the compressed element at byte ${offset} holds a data element of type ${matrix.type}, expected a matrix (14)`);
        addVariable(variables, readMatrix(innerView, matrix.start, matrix.end), names);
      }
    } else if (element.type === MI_MATRIX) {
      addVariable(variables, readMatrix(view, element.start, element.end), names);
    }
    // Any other top-level element is not a variable: skipped.
    offset = element.next;
  }
  return variables;
}

/** Throws unless `bytes` starts with a MAT v5 header written little-endian. */
export function checkMatHeader(bytes: Uint8Array): void {
  const text = latin1(bytes.subarray(0, Math.min(bytes.length, 116)));
  if (text.startsWith('MATLAB 7.3 MAT-file')) throw new MatFileError('a MATLAB 7.3 (HDF5) MAT-file: not supported, save it with -v7 instead');
  if (!text.startsWith(MAT_HEADER_TEXT)) throw new MatFileError(`not a MAT-file (no '${MAT_HEADER_TEXT}' header)`);
  if (bytes.length < HEADER_BYTES) throw new MatFileError(`truncated MAT-file: ${bytes.length} bytes, shorter than its ${HEADER_BYTES}-byte header`);
  const endian = latin1(bytes.subarray(126, 128));
  if (endian === 'MI') throw new MatFileError('a big-endian MAT-file: not supported');
  if (endian !== 'IM') throw new MatFileError(`not a MAT-file: endian indicator '${endian}', expected 'IM'`);
}

/**
 * The values of a numeric array as float32, in MATLAB's column-major order. When they are stored
 * as aligned float32 this is a view into the file's (or the inflated) bytes: copy what you keep.
 */
export function matFloat32(value: MatNumeric): Float32Array {
  const { view, offset, type, count } = value.data;
  const byteOffset = view.byteOffset + offset;
  if (type === MI_SINGLE && byteOffset % 4 === 0) return new Float32Array(view.buffer, byteOffset, count);
  const out = new Float32Array(count);
  const size = ELEMENT_BYTES[type]!;
  const get = numberGetter(view, type);
  for (let i = 0; i < count; i++) out[i] = get(offset + i * size);
  return out;
}

function addVariable(variables: Map<string, MatValue>, { name, value }: { name: string; value: MatValue }, names?: ReadonlySet<string>): void {
  if (!names || names.has(name)) variables.set(name, value);
}

interface Element {
  readonly type: number;
  /** The data: [start, end). */
  readonly start: number;
  readonly end: number;
  /** Where the next element begins. */
  readonly next: number;
}

/** A data element's tag, in either the 8-byte or the small (4-byte, data in the tag) format. */
function readTag(view: DataView, offset: number, limit: number, topLevel = false): Element {
  if (offset + 8 > limit) throw overrun(offset, 8, limit, topLevel);
  const first = view.getUint32(offset, true);
  if (first >>> 16 !== 0) {
    const bytes = first >>> 16;
    if (bytes > 4) throw new MatFileError(`damaged MAT-file: small data element at byte ${offset} claims ${bytes} bytes`);
    return { type: first & 0xffff, start: offset + 4, end: offset + 4 + bytes, next: offset + 8 };
  }
  const bytes = view.getUint32(offset + 4, true);
  const start = offset + 8;
  if (start + bytes > limit) throw overrun(offset, bytes, limit - start, topLevel);
  // Elements are padded to 8 bytes, except compressed ones (MATLAB writes them back to back).
  const next = first === MI_COMPRESSED ? start + bytes : Math.min(limit, start + Math.ceil(bytes / 8) * 8);
  return { type: first, start, end: start + bytes, next };
}

function overrun(offset: number, needs: number, has: number, topLevel: boolean): MatFileError {
  return new MatFileError(topLevel
    ? `truncated MAT-file: the data element at byte ${offset} needs ${needs} bytes, ${Math.max(0, has)} remain`
    : `damaged MAT-file: a data element at byte ${offset} (of its variable) needs ${needs} bytes, its parent has ${Math.max(0, has)} left`);
}

/** The name of the variable in a compressed element, from its first few hundred bytes inflated. */
function peekName(compressed: Uint8Array, at: number): string {
  const head = inflateHead(compressed, 256, at);
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  try {
    // Past the matrix's own tag (whose length runs beyond these bytes): flags, dimensions, name.
    let offset = readTag(view, 8, head.length).next; // array flags
    offset = readTag(view, offset, head.length).next; // dimensions
    const name = readTag(view, offset, head.length);
    return latin1(head.subarray(name.start, name.end));
  } catch {
    return ''; // Not enough to tell: read it whole, and readMatrix says what is wrong.
  }
}

/** Inflates a compressed element into one buffer, sized from the tag it starts with. */
function inflate(compressed: Uint8Array, at: number): Uint8Array {
  const head = inflateHead(compressed, 8, at);
  if (head.length < 8) throw new MatFileError(`damaged MAT-file: the compressed element at byte ${at} holds less than a data element`);
  const size = 8 + Math.ceil(new DataView(head.buffer, head.byteOffset, 8).getUint32(4, true) / 8) * 8;
  // Deflate expands at most 1032 times: a larger size is a damaged tag, not a reason to allocate gigabytes.
  if (size > 1032 * compressed.length + 64) throw new MatFileError(`damaged MAT-file: the compressed element at byte ${at} claims ${size} bytes inflated from ${compressed.length}`);
  try {
    // With `out` given, fflate inflates in place: one buffer, never grown and copied.
    return unzlibSync(compressed, { out: new Uint8Array(size) });
  } catch (error) {
    throw zlibError(error, at);
  }
}

/** At least the first `wanted` inflated bytes of a zlib stream (or all of them, when fewer). */
function inflateHead(compressed: Uint8Array, wanted: number, at: number): Uint8Array {
  const chunks: Uint8Array[] = [];
  let have = 0;
  const stream = new Unzlib((chunk) => { chunks.push(chunk); have += chunk.length; });
  const step = 1024;
  try {
    for (let i = 0; i < compressed.length && have < wanted; i += step) stream.push(compressed.subarray(i, i + step), i + step >= compressed.length);
  } catch (error) {
    throw zlibError(error, at);
  }
  const head = new Uint8Array(have);
  chunks.reduce((o, c) => (head.set(c, o), o + c.length), 0);
  return head;
}

function zlibError(error: unknown, at: number): MatFileError {
  const reason = error instanceof Error ? error.message : String(error);
  if (/unexpected EOF/i.test(reason)) return new MatFileError(`truncated MAT-file: the compressed data at byte ${at} ends early`);
  return new MatFileError(`damaged MAT-file: the compressed data at byte ${at} does not inflate (${reason})`);
}

/** An miMATRIX element's data: array flags, dimensions, name, then what its class holds. */
function readMatrix(view: DataView, start: number, end: number): { name: string; value: MatValue } {
  if (start === end) return { name: '', value: { kind: 'numeric', matlabClass: 'double', dims: [0, 0], data: { view, offset: start, type: MI_DOUBLE, count: 0 } } };
  const flags = readTag(view, start, end);
  if (flags.type !== MI_UINT32 || flags.end - flags.start !== 8) throw new MatFileError(`damaged MAT-file: array flags at byte ${start} are not two uint32`);
  const flagWord = view.getUint32(flags.start, true);
  const matlabClass = flagWord & 0xff;
  const dimsElement = readTag(view, flags.next, end);
  const dims = readIntegers(view, dimsElement);
  const nameElement = readTag(view, dimsElement.next, end);
  const name = latin1(new Uint8Array(view.buffer, view.byteOffset + nameElement.start, nameElement.end - nameElement.start));
  const count = dims.reduce((a, b) => a * b, 1);
  let offset = nameElement.next;
  const children = (n: number): MatValue[] => Array.from({ length: n }, () => {
    const child = readTag(view, offset, end);
    if (child.type !== MI_MATRIX) throw new MatFileError(`damaged MAT-file: element of type ${child.type} at byte ${offset} inside ${name || 'an array'}, expected a matrix`);
    offset = child.next;
    return readMatrix(view, child.start, child.end).value;
  });

  if (matlabClass === MX_CELL) return { name, value: { kind: 'cell', dims, items: children(count) } };
  if (matlabClass === MX_STRUCT) {
    const lengthElement = readTag(view, offset, end);
    const nameLength = readIntegers(view, lengthElement)[0] ?? 0;
    const namesElement = readTag(view, lengthElement.next, end);
    offset = namesElement.next;
    const fieldCount = nameLength > 0 ? Math.floor((namesElement.end - namesElement.start) / nameLength) : 0;
    const fieldNames = Array.from({ length: fieldCount }, (_, i) => {
      const raw = latin1(new Uint8Array(view.buffer, view.byteOffset + namesElement.start + i * nameLength, nameLength));
      return raw.replace(/\0.*$/s, '');
    });
    const elements = Array.from({ length: count }, () => {
      const values = children(fieldCount);
      return new Map(fieldNames.map((f, i) => [f, values[i]!]));
    });
    return { name, value: { kind: 'struct', dims, fieldNames, elements } };
  }
  const other = OTHER_CLASSES[matlabClass];
  const numeric = NUMERIC_CLASSES[matlabClass];
  if (other || (!numeric && matlabClass !== MX_CHAR)) return { name, value: { kind: 'other', dims, description: other ?? `class ${matlabClass}` } };
  if (count === 0 && offset >= end) {
    const empty = { view, offset, type: MI_DOUBLE, count: 0 };
    return { name, value: matlabClass === MX_CHAR ? { kind: 'char', dims, text: '' } : { kind: 'numeric', matlabClass: numeric!, dims, data: empty } };
  }
  const real = readTag(view, offset, end);
  const size = ELEMENT_BYTES[real.type];
  if (!size) throw new MatFileError(`damaged MAT-file: ${name || 'an array'} stores its values as data type ${real.type}`);
  // (UTF-8 text has as many characters as the dimensions say, not necessarily as many bytes.)
  if (matlabClass === MX_CHAR) return { name, value: { kind: 'char', dims, text: decodeText(view, real) } };
  if ((real.end - real.start) / size !== count) throw new MatFileError(`damaged MAT-file: ${name || 'an array'} of [${dims.join(', ')}] holds ${(real.end - real.start) / size} values`);
  if (flagWord & FLAG_COMPLEX) return { name, value: { kind: 'other', dims, description: `complex ${numeric}` } };
  const className = flagWord & FLAG_LOGICAL ? 'logical' : numeric!;
  return { name, value: { kind: 'numeric', matlabClass: className, dims, data: { view, offset: real.start, type: real.type, count } } };
}

function readIntegers(view: DataView, element: Element): number[] {
  const size = ELEMENT_BYTES[element.type];
  if (element.type !== MI_INT32 && element.type !== MI_UINT32) throw new MatFileError(`damaged MAT-file: expected int32 values at byte ${element.start}, found data type ${element.type}`);
  return Array.from({ length: (element.end - element.start) / size! }, (_, i) => view.getInt32(element.start + 4 * i, true));
}

function decodeText(view: DataView, element: Element): string {
  const bytes = new Uint8Array(view.buffer, view.byteOffset + element.start, element.end - element.start);
  if (element.type === MI_UTF8) return new TextDecoder().decode(bytes);
  if (ELEMENT_BYTES[element.type] === 1) return latin1(bytes);
  const get = numberGetter(view, element.type);
  const size = ELEMENT_BYTES[element.type]!;
  let text = '';
  for (let o = element.start; o < element.end; o += size) text += String.fromCharCode(get(o));
  return text;
}

function numberGetter(view: DataView, type: number): (offset: number) => number {
  switch (type) {
    case MI_INT8: return (o) => view.getInt8(o);
    case MI_UINT8: case MI_UTF8: return (o) => view.getUint8(o);
    case MI_INT16: return (o) => view.getInt16(o, true);
    case MI_UINT16: case MI_UTF16: return (o) => view.getUint16(o, true);
    case MI_INT32: return (o) => view.getInt32(o, true);
    case MI_UINT32: return (o) => view.getUint32(o, true);
    case MI_SINGLE: return (o) => view.getFloat32(o, true);
    case MI_DOUBLE: return (o) => view.getFloat64(o, true);
    case MI_INT64: return (o) => Number(view.getBigInt64(o, true));
    case MI_UINT64: return (o) => Number(view.getBigUint64(o, true));
    default: throw new MatFileError(`data type ${type} is not numeric`);
  }
}

function latin1(bytes: Uint8Array): string {
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return text;
}
