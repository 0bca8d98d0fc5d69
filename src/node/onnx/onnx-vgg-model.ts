import * as tf from '@tensorflow/tfjs-core';
import { Tensor, type OnnxValue } from 'onnxruntime-common';
import { VGG19_LAYERS } from '../../core/model/vgg19';
import { checkVggWeights, type ConvWeights, type Preprocessing, type VggWeightSet } from '../../core/model/weights';
import type { Pooling, VggNetwork } from '../../core/model/vgg-network';
import { toNetworkInput } from '../../core/image/preprocess';
import { createSession, type OnnxSession } from './onnx-runtime';
import { backwardGraph, features, featuresGrad, forwardGraph, IMAGE, IMAGE_GRAD, lastLayer, poolIndices, reluMask, type PassShape } from './vgg-onnx-graphs';

/** The part of tfjs's engine that records one step with several outputs and a gradient of its own (internal API). */
interface TapeEngine {
  runKernelFunc(params: {
    inputs: Record<string, tf.Tensor>;
    forwardFunc: () => tf.Tensor[];
    backwardsFunc: (dys: tf.Tensor | tf.Tensor[]) => Record<string, () => tf.Tensor>;
  }): tf.Tensor | tf.Tensor[];
}

/** The recorded pass of one pass shape: its forward and backward sessions. */
interface RecordedSessions {
  readonly forward: OnnxSession;
  readonly backward: OnnxSession;
}

/**
 * VGG-19 on onnxruntime's CPU kernels (the CLI's `--backend onnx`), inside a tfjs computation: the
 * graph's loss nodes stay tfjs ops, and each VGG pass is one step of tfjs's tape whose gradient
 * is an onnxruntime backward pass. The forward pass of a recorded step keeps only what the
 * backward pass needs (ReLU masks as bytes, max-pooling indices), outside tfjs, until the
 * gradient is taken. Sessions of recorded passes are kept (one pair per pass shape); a constant
 * pass (a style or content target, computed once) gets a session that is freed right after.
 */
export class OnnxVggModel implements VggNetwork {
  readonly preprocessing: Preprocessing;
  readonly source: string;
  readonly widths: readonly number[];
  private readonly layers: readonly ConvWeights[];
  private readonly recorded = new Map<string, RecordedSessions>();

  constructor(set: VggWeightSet, private readonly threads: number) {
    checkVggWeights(set);
    this.preprocessing = set.preprocessing;
    this.source = set.source;
    this.layers = VGG19_LAYERS.map((l) => set.layers.get(l.name)!);
    this.widths = this.layers.map((w) => w.outChannels);
  }

  forward(image: tf.Tensor4D, layers: ReadonlySet<string>, pooling: Pooling): Map<string, tf.Tensor4D> {
    const shape: PassShape = { wanted: VGG19_LAYERS.filter((l) => layers.has(l.name)).map((l) => l.index), pooling };
    const names = shape.wanted.map((i) => VGG19_LAYERS[i]!.name);
    if (!tf.engine().isTapeOn()) {
      const session = createSession(forwardGraph(this.layers, shape, false), this.threads);
      try {
        const out = session.run({ [IMAGE]: networkInput(image, this.preprocessing) }, fetchesOf(shape.wanted.map(features)), {});
        return new Map(shape.wanted.map((i, k) => [names[k]!, toTfjs(out[features(i)]!)]));
      } finally {
        session.dispose();
      }
    }
    const sessions = this.sessionsFor(shape);
    let saved: Record<string, OnnxValue> | undefined;
    const engine = tf.engine() as unknown as TapeEngine;
    const outputs = engine.runKernelFunc({
      inputs: { image },
      forwardFunc: () => {
        const out = sessions.forward.run({ [IMAGE]: networkInput(image, this.preprocessing) }, fetchesOf([...shape.wanted.map(features), ...savedNames(shape)]), {});
        saved = Object.fromEntries(savedNames(shape).map((name) => [name, out[name]!]));
        return shape.wanted.map((i) => toTfjs(out[features(i)]!));
      },
      backwardsFunc: (dys) => {
        const grads = (Array.isArray(dys) ? dys : [dys]) as tf.Tensor4D[];
        return {
          image: () => {
            const feeds = { ...saved!, ...Object.fromEntries(shape.wanted.map((i, k) => [featuresGrad(i), toOnnx(grads[k]!)])) };
            saved = undefined;
            const grad = toTfjs(sessions.backward.run(feeds, fetchesOf([IMAGE_GRAD]), {})[IMAGE_GRAD]!);
            if (this.preprocessing.channelOrder === 'RGB') return grad;
            // The network input is the image with its channels reversed, less the mean pixel.
            const rgb = tf.reverse(grad, -1);
            grad.dispose();
            return rgb;
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
      sessions = { forward: createSession(forwardGraph(this.layers, shape, true), this.threads), backward: createSession(backwardGraph(this.layers, shape), this.threads) };
      this.recorded.set(key, sessions);
    }
    return sessions;
  }

  dispose(): void {
    for (const { forward, backward } of this.recorded.values()) {
      forward.dispose();
      backward.dispose();
    }
    this.recorded.clear();
  }
}

/** What a recorded forward pass keeps for its backward pass. */
function savedNames(shape: PassShape): string[] {
  const last = lastLayer(shape);
  const layers = VGG19_LAYERS.slice(0, last + 1);
  const pools = shape.pooling === 'max' ? layers.filter((l) => l.endsBlock && l.index < last).map((l) => poolIndices(l.index)) : [];
  return [...layers.map((l) => reluMask(l.index)), ...pools];
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
