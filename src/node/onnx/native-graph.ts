import * as tf from '@tensorflow/tfjs-core';
import { Tensor } from 'onnxruntime-common';
import { vggLayer } from '../../core/model/vgg19';
import type { Preprocessing } from '../../core/model/weights';
import type { NativeOps, NativeValue } from '../../core/native/native-ops';
import { OnnxGraph } from './onnx-graph';
import type { StoredLayer } from './weights-file';
import { emitBackward, emitForward, NCHW_TO_NHWC, NHWC_TO_NCHW, type EmittedPass, type PassShape } from './vgg-onnx-graphs';

/** How a value's elements lie: an image as tfjs holds it, features as onnxruntime's convolutions take them, or as is (Grams, scalars). */
type Layout = 'nhwc' | 'nchw' | 'plain';

/** A native value of this graph: its name in the ONNX graph, and how its elements lie. */
interface GraphValue extends NativeValue {
  readonly name: string;
  readonly layout: Layout;
}

/** One differentiable step: given its outputs' gradients, the gradient of each input (undefined: none). */
interface TapeEntry {
  readonly inputs: readonly GraphValue[];
  readonly outputs: readonly string[];
  backward(outputGrads: readonly (string | undefined)[]): readonly (string | undefined)[];
}

/** One VGG pass of the loop (one per image and pooling): the layers asked for, emitted when the graph is finished. */
interface LoopPass {
  readonly image: GraphValue;
  readonly pooling: 'avg' | 'max';
  readonly wanted: Map<number, string>;
  emitted?: EmittedPass;
}

export const PIXELS = 'pixels';

/**
 * NativeOps as one ONNX graph (opset 17): each op emits its forward nodes and records its gradient
 * on a tape; `gradient` then emits J's gradient in the generated pixels in reverse order (reverse
 * mode, as tfjs's tape does). VGG passes are emitted last, to the deepest layer their image is asked
 * for, and differentiated with the backward pass the per-pass sessions use (vgg-onnx-graphs.ts).
 * Targets become graph inputs, fed from `feeds`.
 */
export class NativeGraph implements NativeOps {
  readonly g = new OnnxGraph();
  /** Targets by input name, as onnxruntime takes them. */
  readonly feeds: Record<string, Tensor> = {};
  private readonly tape: TapeEntry[] = [];
  private readonly passes: LoopPass[] = [];
  private readonly pixels: GraphValue;
  private readonly transposed = new Map<string, GraphValue>();
  /** Values that do not depend on the pixels (targets and what is computed from them alone): no gradient flows to them. */
  private readonly fixed = new Set<string>();

  constructor(private readonly layers: readonly StoredLayer[], private readonly preprocessing: Preprocessing, readonly size: readonly [number, number]) {
    this.g.phase = 'losses';
    this.pixels = { name: this.g.input(PIXELS, [1, size[0], size[1], 3]), dims: [1, size[0], size[1], 3], layout: 'nhwc' };
  }

  /** A value's name in the graph. */
  nameOf(value: NativeValue): string {
    return (value as GraphValue).name;
  }

  generatedImage(): NativeValue {
    return this.pixels;
  }

  constant(tensor: tf.Tensor, positions?: number): NativeValue {
    const name = `target_${Object.keys(this.feeds).length}`;
    const data = tensor.dataSync() as Float32Array;
    this.feeds[name] = new Tensor('float32', data, tensor.shape);
    this.g.input(name, tensor.shape);
    this.fixed.add(name);
    const value: GraphValue = { name, dims: tensor.shape, layout: tensor.rank === 4 ? 'nhwc' : 'plain', ...(positions !== undefined && { positions }) };
    return value;
  }

  vggFeatures(image: NativeValue, layer: string, pooling: 'avg' | 'max'): NativeValue {
    const input = image as GraphValue;
    let pass = this.passes.find((p) => p.image.name === input.name && p.pooling === pooling);
    if (!pass) {
      pass = { image: input, pooling, wanted: new Map() };
      this.passes.push(pass);
      const loopPass = pass;
      // The pass's place on the tape: before every op on its features, so reverse order reaches it
      // after them; its outputs are the layers asked for, however many come after this.
      this.tape.push({ inputs: [input], get outputs() { return [...loopPass.wanted.values()]; }, backward: (grads) => [this.passGradient(loopPass, grads)] });
    }
    const info = vggLayer(layer)!;
    const name = pass.wanted.get(info.index) ?? `features_${this.passes.indexOf(pass)}_${info.index}`;
    pass.wanted.set(info.index, name);
    const side = (n: number) => Math.floor(n / 2 ** (info.block - 1));
    return { name, dims: [1, side(image.dims[1]!), side(image.dims[2]!), this.layers[info.index]!.outChannels], layout: 'nchw' } as GraphValue;
  }

  gram(features: NativeValue, divisor: number): NativeValue {
    const f = this.inLayout(features as GraphValue, 'nchw');
    const [, h, w, c] = f.dims as [number, number, number, number];
    const { g } = this;
    const a = g.op('Reshape', [f.name, this.int64s([c, h * w])]);
    const scale = this.float(1 / divisor);
    const gram = g.op('Mul', [g.op('MatMul', [a, g.op('Transpose', [a], { perm: [1, 0] })]), scale]);
    this.record([f], [gram], ([dG]) => {
      const dA = g.op('Mul', [g.op('MatMul', [g.op('Add', [dG!, g.op('Transpose', [dG!], { perm: [1, 0] })]), a]), scale]);
      return [g.op('Reshape', [dA, this.int64s([1, c, h, w])])];
    });
    return { name: gram, dims: [c, c], layout: 'plain', positions: h * w } as GraphValue;
  }

  squaredDistance(a: NativeValue, b: NativeValue): NativeValue {
    const [x, y] = this.aligned(a as GraphValue, b as GraphValue);
    const { g } = this;
    const d = g.op('Sub', [x.name, y.name]);
    const out = g.op('ReduceSumSquare', [d], { keepdims: 0 });
    this.record([x, y], [out], ([dOut]) => {
      const dx = g.op('Mul', [d, g.op('Mul', [dOut!, this.float(2)])]);
      return [dx, g.op('Neg', [dx])];
    });
    return this.scalar(out);
  }

  totalVariation(image: NativeValue, power: 1 | 2): NativeValue {
    const x = image as GraphValue;
    const { g } = this;
    const axes = x.layout === 'nchw' ? [2, 3] : [1, 2];
    const [h, w] = [x.dims[1]!, x.dims[2]!];
    const slice = (axis: number, from: number, to: number) => g.op('Slice', [x.name, this.int64s([from]), this.int64s([to]), this.int64s([axis])]);
    const diffs = axes.map((axis, k) => g.op('Sub', [slice(axis, 1, k === 0 ? h : w), slice(axis, 0, (k === 0 ? h : w) - 1)]));
    const terms = diffs.map((d) => (power === 2 ? g.op('ReduceSumSquare', [d], { keepdims: 0 }) : g.op('ReduceL1', [d], { keepdims: 0 })));
    const out = g.op('Add', [terms[0]!, terms[1]!]);
    this.record([x], [out], ([dOut]) => {
      const rank = 4;
      const parts = diffs.map((d, k) => {
        const dd = power === 2 ? g.op('Mul', [d, g.op('Mul', [dOut!, this.float(2)])]) : g.op('Mul', [g.op('Sign', [d]), dOut!]);
        // d = x[1:] - x[:-1] along the axis: +dd to x[1:], -dd to x[:-1].
        const pads = (begin: boolean) => Array.from({ length: 2 * rank }, (_, i) => (i === (begin ? axes[k]! : rank + axes[k]!) ? 1 : 0));
        return g.op('Sub', [g.op('Pad', [dd, this.int64s(pads(true))]), g.op('Pad', [dd, this.int64s(pads(false))])]);
      });
      return [g.op('Add', [parts[0]!, parts[1]!])];
    });
    return this.scalar(out);
  }

  scale(x: NativeValue, k: number): NativeValue {
    const v = x as GraphValue;
    const factor = this.float(k);
    const out = this.g.op('Mul', [v.name, factor]);
    this.record([v], [out], ([dOut]) => [this.g.op('Mul', [dOut!, factor])]);
    return { ...v, name: out, positions: undefined } as GraphValue;
  }

  add(terms: readonly NativeValue[]): NativeValue {
    const values = terms as readonly GraphValue[];
    const out = values.length === 1 ? this.g.op('Identity', [values[0]!.name]) : this.g.op('Sum', values.map((v) => v.name));
    this.record(values, [out], ([dOut]) => values.map(() => dOut));
    return this.scalar(out);
  }

  /**
   * Emits the VGG passes, then J's gradient in the generated pixels (NHWC), in reverse order of the
   * tape: each value's gradient is the sum of what its uses send back.
   */
  gradient(loss: NativeValue): string {
    this.g.phase = 'vgg forward';
    for (const pass of this.passes) this.emitPass(pass);
    this.g.phase = 'loss gradients';
    const grads = new Map<string, string[]>([[(loss as GraphValue).name, [this.float(1)]]]);
    const gradOf = (name: string): string | undefined => {
      const parts = grads.get(name);
      if (!parts) return undefined;
      return parts.length === 1 ? parts[0] : this.g.op('Sum', parts);
    };
    for (let i = this.tape.length - 1; i >= 0; i--) {
      const entry = this.tape[i]!;
      const outputGrads = entry.outputs.map(gradOf);
      if (entry.outputs.length && outputGrads.every((d) => d === undefined)) continue;
      entry.backward(outputGrads).forEach((d, k) => {
        const input = entry.inputs[k]!;
        if (d === undefined || this.fixed.has(input.name)) return;
        grads.set(input.name, [...(grads.get(input.name) ?? []), d]);
      });
    }
    return gradOf(PIXELS) ?? this.g.op('Mul', [PIXELS, this.float(0)]);
  }

  /** The network input's gradient of a pass, back in its image's space (NHWC, the image's channel order). */
  private passGradient(pass: LoopPass, grads: readonly (string | undefined)[]): string | undefined {
    const featureGrads = new Map<number, string>();
    [...pass.wanted.keys()].forEach((index, k) => {
      if (grads[k]) featureGrads.set(index, grads[k]);
    });
    if (!featureGrads.size) return undefined;
    const shape = passShape(pass);
    const { g } = this;
    g.phase = 'vgg backward';
    const grad = g.op('Transpose', [emitBackward(g, this.layers, shape, pass.emitted!, featureGrads)], { perm: NCHW_TO_NHWC });
    const imageGrad = this.preprocessing.channelOrder === 'BGR' ? g.op('Gather', [grad, this.int64s([2, 1, 0])], { axis: 3 }) : grad;
    g.phase = 'loss gradients';
    return imageGrad;
  }

  private emitPass(pass: LoopPass): void {
    const { g } = this;
    const image = pass.image.name;
    const ordered = this.preprocessing.channelOrder === 'BGR' ? g.op('Gather', [image, this.int64s([2, 1, 0])], { axis: 3 }) : image;
    const shifted = g.op('Sub', [ordered, g.constant(`mean_${this.passes.indexOf(pass)}`, [3], new Float32Array(this.preprocessing.mean))]);
    const input = g.op('Transpose', [shifted], { perm: NHWC_TO_NCHW });
    pass.emitted = emitForward(g, this.layers, input, passShape(pass), true, { features: (i) => pass.wanted.get(i)! });
  }

  /** Records an op's gradient; an op on fixed values alone has none, and its outputs are fixed too. */
  private record(inputs: readonly GraphValue[], outputs: readonly string[], backward: TapeEntry['backward']): void {
    if (inputs.every((v) => this.fixed.has(v.name))) outputs.forEach((o) => this.fixed.add(o));
    else this.tape.push({ inputs, outputs, backward });
  }

  private aligned(a: GraphValue, b: GraphValue): [GraphValue, GraphValue] {
    if (a.layout === b.layout) return [a, b];
    const wanted = this.fixed.has(a.name) ? b.layout : a.layout;
    return [this.inLayout(a, wanted), this.inLayout(b, wanted)];
  }

  /** `v` in `layout` (a target is transposed once; a loop value is already in its own). */
  private inLayout(v: GraphValue, layout: Layout): GraphValue {
    if (v.layout === layout || v.layout === 'plain') return v;
    const key = `${v.name}|${layout}`;
    let moved = this.transposed.get(key);
    if (!moved) {
      const out = this.g.op('Transpose', [v.name], { perm: layout === 'nchw' ? NHWC_TO_NCHW : NCHW_TO_NHWC });
      moved = { ...v, name: out, layout };
      this.record([v], [out], ([d]) => [this.g.op('Transpose', [d!], { perm: layout === 'nchw' ? NCHW_TO_NHWC : NHWC_TO_NCHW })]);
      this.transposed.set(key, moved);
    }
    return moved;
  }

  private scalar(name: string): GraphValue {
    return { name, dims: [], layout: 'plain' };
  }

  private constants = 0;

  private float(value: number): string {
    return this.g.constant(`float_${this.constants++}`, [], new Float32Array([value]));
  }

  private int64s(values: readonly number[]): string {
    return this.g.constant(`ints_${this.constants++}`, [values.length], BigInt64Array.from(values.map(BigInt)));
  }
}

function passShape(pass: LoopPass): PassShape {
  return { wanted: [...pass.wanted.keys()].sort((a, b) => a - b), pooling: pass.pooling };
}
