import * as tf from '@tensorflow/tfjs-core';
import { Tensor, type OnnxValue } from 'onnxruntime-common';
import { VGG19_LAYERS } from '../../core/model/vgg19';
import { checkVggWeights, type Preprocessing, type VggWeightSet } from '../../core/model/weights';
import type { Pooling, VggNetwork } from '../../core/model/vgg-network';
import { tapeEngine } from '../../core/model/tape-engine';
import { imageGradient, toNetworkInput } from '../../core/image/preprocess';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectGarbageSoon } from '../collect-garbage';
import { createOneOffSession, createSession, type OnnxSession } from './onnx-runtime';
import { createTempFolder } from '../temp-folders';
import { checkTempSpace, tempSpaceError } from '../temp-space';
import { OnnxNativeLoops } from './native-step';
import type { NativeLoops } from '../../core/native/native-ops';
import { onnxTempNeed, type OnnxTempNeed } from './temp-need';
import { writeWeightsFile, type StoredLayer } from './weights-file';
import { backwardGraph, features, featuresGrad, forwardGraph, IMAGE, IMAGE_GRAD, lastLayer, poolIndices, reluMask, type PassShape } from './vgg-onnx-graphs';

/** The recorded pass of one pass shape: its forward and backward sessions, and the buffers of what a forward pass keeps for the backward one. */
interface RecordedSessions {
  readonly forward: OnnxSession;
  readonly backward: OnnxSession;
  /**
   * Buffer sets no pass holds now, reused so that each step does not leave its masks to the
   * garbage collector (measured: the process's peak grew by about 30 MiB an iteration at 300x400
   * until a collection). A forward pass takes one, its backward pass gives it back.
   */
  readonly free: Record<string, Tensor>[];
}

/**
 * VGG-19 on onnxruntime's CPU kernels (the CLI's `--backend onnx`), inside a tfjs computation: the
 * graph's loss nodes stay tfjs ops, and each VGG pass is one step of tfjs's tape whose gradient
 * is an onnxruntime backward pass. The forward pass of a recorded step keeps only what the
 * backward pass needs (ReLU masks as bytes, max-pooling indices), outside tfjs, until the
 * gradient is taken. Sessions of recorded passes are kept (one pair per pass shape); a constant
 * pass (a style or content target, computed once) gets a session that is freed right after.
 * The weights go to a file in a temporary folder (removed by dispose, or at exit; after a kill, by
 * the next run), which the models refer to: the model keeps no copy of them in memory.
 */
export class OnnxVggModel implements VggNetwork {
  readonly preprocessing: Preprocessing;
  readonly source: string;
  readonly widths: readonly number[];
  private readonly layers: readonly StoredLayer[];
  private readonly recorded = new Map<string, RecordedSessions>();
  private readonly folder = createTempFolder('onnx');
  private readonly need: OnnxTempNeed;
  private models = 0;
  /** The whole Adam iteration on onnxruntime (native-step.ts); absent when turned off (STYLEGRAPH_NATIVE_LOOP=0). */
  readonly nativeLoops: NativeLoops | undefined;

  constructor(set: VggWeightSet, private readonly threads: number, options: { nativeLoop?: boolean } = {}) {
    checkVggWeights(set);
    this.preprocessing = set.preprocessing;
    this.source = set.source;
    const layers = VGG19_LAYERS.map((l) => set.layers.get(l.name)!);
    this.need = onnxTempNeed(layers);
    try {
      this.layers = writeWeightsFile(this.folder.path, layers);
    } catch (e) {
      this.folder.remove();
      throw e;
    }
    this.widths = this.layers.map((w) => w.outChannels);
    this.nativeLoops = options.nativeLoop === false ? undefined : this.onnxNativeLoops();
    // The weights' arrays are the caller's to drop; once it has, nothing holds them.
    collectGarbageSoon();
  }

  /**
   * Made outside the constructor: a closure made there shares its scope, which holds `set`, and
   * would keep the weights' arrays alive as long as the model (measured: 76 MiB).
   */
  private onnxNativeLoops(): NativeLoops {
    return new OnnxNativeLoops(this.layers, this.preprocessing, (model) => this.session(model, passBytes(this.layers, this.layers.length - 1), true));
  }

  forward(image: tf.Tensor4D, layers: ReadonlySet<string>, pooling: Pooling): Map<string, tf.Tensor4D> {
    const shape: PassShape = { wanted: VGG19_LAYERS.filter((l) => layers.has(l.name)).map((l) => l.index), pooling };
    const names = shape.wanted.map((i) => VGG19_LAYERS[i]!.name);
    if (!tf.engine().isTapeOn()) {
      const session = this.session(forwardGraph(this.layers, shape, false));
      try {
        const out = session.run({ [IMAGE]: networkInput(image, this.preprocessing) }, fetchesOf(shape.wanted.map(features)), {});
        return new Map(shape.wanted.map((i, k) => [names[k]!, toTfjs(out[features(i)]!)]));
      } finally {
        session.dispose();
      }
    }
    const sessions = this.sessionsFor(shape);
    let saved: Record<string, Tensor> | undefined;
    const engine = tapeEngine();
    const outputs = engine.runKernelFunc({
      inputs: { image },
      forwardFunc: () => {
        const buffers = takeBuffers(sessions.free, shape, this.widths, image.shape);
        const out = sessions.forward.run({ [IMAGE]: networkInput(image, this.preprocessing) }, { ...fetchesOf(shape.wanted.map(features)), ...buffers }, {});
        saved = buffers;
        return shape.wanted.map((i) => toTfjs(out[features(i)]!));
      },
      backwardsFunc: (dys) => {
        const grads = (Array.isArray(dys) ? dys : [dys]) as tf.Tensor4D[];
        return {
          image: () => {
            const feeds = { ...saved!, ...Object.fromEntries(shape.wanted.map((i, k) => [featuresGrad(i), toOnnx(grads[k]!)])) };
            const grad = toTfjs(sessions.backward.run(feeds, fetchesOf([IMAGE_GRAD]), {})[IMAGE_GRAD]!);
            sessions.free.push(saved!);
            saved = undefined;
            return imageGradient(grad, this.preprocessing);
          },
        };
      },
    });
    const list = Array.isArray(outputs) ? outputs : [outputs];
    return new Map(names.map((name, k) => [name, list[k] as tf.Tensor4D]));
  }

  private sessionsFor(shape: PassShape): RecordedSessions {
    const key = `${shape.wanted.join(',')}|${shape.pooling}`;
    let sessions = this.recorded.get(key);
    if (!sessions) {
      const optimised = passBytes(this.layers, lastLayer(shape));
      sessions = { forward: this.session(forwardGraph(this.layers, shape, true), optimised), backward: this.session(backwardGraph(this.layers, shape), optimised), free: [] };
      this.recorded.set(key, sessions);
    }
    return sessions;
  }

  /**
   * A session for an encoded model, written beside the weights file it refers to for as long as the
   * session loads. With `optimised` (the bytes of its weights) it is a recorded pass's session
   * (createSession), whose optimised model takes that much more there while the session lives.
   * Space for both is checked first: onnxruntime's own error names no cause. `wholeIteration`: see createSession.
   */
  private session(model: Uint8Array, optimised?: number, wholeIteration = false): OnnxSession {
    const path = join(this.folder.path, `model${this.models++}.onnx`);
    checkTempSpace(this.folder.path, this.need, optimised === undefined ? model.byteLength : 2 * model.byteLength + optimised);
    try {
      writeFileSync(path, model);
    } catch (e) {
      rmSync(path, { force: true });
      throw tempSpaceError(e, this.folder.path, this.need);
    }
    try {
      return (optimised === undefined ? createOneOffSession : createSession)(path, this.threads, wholeIteration);
    } finally {
      rmSync(path);
    }
  }

  dispose(): void {
    for (const { forward, backward } of this.recorded.values()) {
      forward.dispose();
      backward.dispose();
    }
    this.recorded.clear();
    this.folder.remove();
  }
}

/** The bytes of the weights of layers 0 to `last` in one direction: what a pass's optimised model holds. */
function passBytes(layers: readonly StoredLayer[], last: number): number {
  return layers.slice(0, last + 1).reduce((sum, w) => sum + w.kernel.length + w.bias.length, 0);
}

/**
 * Buffers for what a recorded forward pass keeps for its backward pass: each ReLU's mask and, for
 * max pooling, each pooling's indices, sized for an image of `imageShape` (NHWC) through layers
 * of `widths` channels. A free set of that size is reused; sets of another size (another scale) are dropped.
 */
function takeBuffers(free: Record<string, Tensor>[], shape: PassShape, widths: readonly number[], imageShape: readonly number[]): Record<string, Tensor> {
  const last = lastLayer(shape);
  /** NCHW dims of a layer's output in `block` (each 'valid' 2x2 pooling before it halves, rounding down). */
  const dims = (block: number, channels: number) => [1, channels, ...[imageShape[1]!, imageShape[2]!].map((n) => Math.floor(n / 2 ** (block - 1)))];
  const layers = VGG19_LAYERS.slice(0, last + 1);
  const specs: [string, 'bool' | 'int64', number[]][] = [
    ...layers.map((l): [string, 'bool', number[]] => [reluMask(l.index), 'bool', dims(l.block, widths[l.index]!)]),
    ...(shape.pooling === 'max' ? layers.filter((l) => l.endsBlock && l.index < last).map((l): [string, 'int64', number[]] => [poolIndices(l.index), 'int64', dims(l.block + 1, widths[l.index]!)]) : []),
  ];
  const fits = (set: Record<string, Tensor>) => specs.every(([name, , d]) => set[name]?.dims.join() === d.join());
  let found = free.pop();
  while (found && !fits(found)) found = free.pop();
  if (found) return found;
  const size = (d: number[]) => d.reduce((a, b) => a * b, 1);
  return Object.fromEntries(specs.map(([name, type, d]) => [name, type === 'bool' ? new Tensor('bool', new Uint8Array(size(d)), d) : new Tensor('int64', new BigInt64Array(size(d)), d)]));
}

function fetchesOf(names: readonly string[]): Record<string, null> {
  return Object.fromEntries(names.map((name) => [name, null]));
}

function networkInput(image: tf.Tensor4D, preprocessing: Preprocessing): Tensor {
  const x = toNetworkInput(image, preprocessing);
  const data = x.dataSync() as Float32Array;
  x.dispose();
  return new Tensor('float32', data, x.shape);
}

function toOnnx(t: tf.Tensor): Tensor {
  return new Tensor('float32', t.dataSync() as Float32Array, t.shape);
}

function toTfjs(value: OnnxValue): tf.Tensor4D {
  const t = value as Tensor;
  return tf.tensor4d(t.data as Float32Array, t.dims as [number, number, number, number]);
}
