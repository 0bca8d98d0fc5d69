import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { ConvWeights } from '../../core/model/weights';
import { checkTempSpace, tempSpaceError } from '../temp-space';
import { onnxTempNeed } from './temp-need';

/** The file in a session folder that holds the conv weights the models refer to (ONNX external data). */
export const WEIGHTS_FILE = 'weights.bin';

/** Where an array lies in the weights file, in bytes. */
export interface StoredArray {
  readonly offset: number;
  readonly length: number;
}

/** A conv layer in the weights file: its kernel as ONNX's Conv takes it, and as the backward pass takes it. */
export interface StoredLayer {
  readonly inChannels: number;
  readonly outChannels: number;
  /** OIHW. */
  readonly kernel: StoredArray;
  /** Rotated 180 degrees with in and out swapped ([in, out, 3, 3]): the input gradient's kernel. */
  readonly flipped: StoredArray;
  readonly bias: StoredArray;
}

/**
 * Writes each layer's kernel (both ways) and bias to `folder`'s weights file, one after another,
 * through one scratch array; says where each lies. The sessions then map the file and use the
 * values in place: none of them copies the weights to rearrange them. `folder` is in the system's
 * temporary folder: when that has too little space for the file (checked first, where the system
 * tells), the error says how much the backend needs there (onnxTempNeed) and what to do instead.
 */
export function writeWeightsFile(folder: string, layers: readonly ConvWeights[]): StoredLayer[] {
  const need = onnxTempNeed(layers);
  checkTempSpace(folder, need, need.weightsFile);
  try {
    return writeLayers(join(folder, WEIGHTS_FILE), layers);
  } catch (e) {
    throw tempSpaceError(e, folder, need);
  }
}

function writeLayers(path: string, layers: readonly ConvWeights[]): StoredLayer[] {
  const scratch = new Float32Array(Math.max(...layers.map((w) => w.kernel.length)));
  const fd = openSync(path, 'w');
  try {
    let offset = 0;
    const write = (values: Float32Array): StoredArray => {
      const stored = { offset, length: values.byteLength };
      writeSync(fd, values, 0, values.byteLength, offset);
      offset += values.byteLength;
      return stored;
    };
    return layers.map((w) => ({
      inChannels: w.inChannels,
      outChannels: w.outChannels,
      kernel: write(toOihw(w, false, scratch)),
      flipped: write(toOihw(w, true, scratch)),
      bias: write(w.bias),
    }));
  } finally {
    closeSync(fd);
  }
}

/** An HWIO kernel as ONNX's OIHW in `into`; `flipped`: rotated 180 degrees with in and out swapped. */
function toOihw(w: ConvWeights, flipped: boolean, into: Float32Array): Float32Array {
  const [cin, cout] = [w.inChannels, w.outChannels];
  const out = into.subarray(0, w.kernel.length);
  for (let kh = 0; kh < 3; kh++) {
    for (let kw = 0; kw < 3; kw++) {
      for (let i = 0; i < cin; i++) {
        for (let o = 0; o < cout; o++) {
          const value = w.kernel[((kh * 3 + kw) * cin + i) * cout + o]!;
          if (flipped) out[((i * cout + o) * 3 + (2 - kh)) * 3 + (2 - kw)] = value;
          else out[((o * cin + i) * 3 + kh) * 3 + kw] = value;
        }
      }
    }
  }
  return out;
}
