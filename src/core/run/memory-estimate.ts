import type { Plan } from '../compile/plan';
import type { Params, Shape } from '../nodes/types';
import { cachedConstants } from './target-cache';
import { shapeElements } from '../nodes/port-types';
import { VGG19_LAYERS, vggLayer } from '../model/vgg19';
import type { ScaleShapes, Size } from './pyramid';

const FLOAT_BYTES = 4;

/**
 * Tensor bytes one differentiated VGG pass holds at its peak, per byte of its activations: the
 * conv outputs kept for the backward pass, the gradients tfjs's tape keeps for the layers other
 * nodes read (a Gram's input gradient) and the few layer-sized tensors vggBackward works with.
 * Measured on the seed graph on wasm (tensor bytes tracked per allocation): 1.76 at 512x512.
 * The wasm heap holds more than the tensors (allocator slack): 3.93 GiB for the seed at
 * 1024x1024, whose estimate is 2.9 GiB.
 */
export const LOOP_ACTIVATION_FACTOR = 2;

export interface MemoryEstimate {
  /** Bytes of tensor memory the run needs at its peak (weights included). */
  readonly bytes: number;
  /** The scale at which the peak falls. */
  readonly size: Size;
  /** The largest single tensor, with what it is. */
  readonly largest: { readonly bytes: number; readonly what: string };
}

/** A limit on tensor memory and what sets it, e.g. "the wasm backend's 4 GiB heap". */
export interface MemoryLimit {
  readonly bytes: number;
  readonly what: string;
}

export interface MemoryLimits {
  /** All tensors together. */
  readonly total?: MemoryLimit;
  /** One tensor (a WebGPU storage buffer). */
  readonly tensor?: MemoryLimit;
}

/**
 * The tensor memory a run needs, from the layer sizes: the weights, the targets of every scale
 * (each scale's stay cached), the image with the optimizer's state, and the larger of one
 * differentiated iteration (LOOP_ACTIVATION_FACTOR x the VGG activations of the generated image)
 * and a target pass (the layers kept plus the two largest being computed).
 */
export function estimateMemory(scales: readonly ScaleShapes[], widths: readonly number[], params: Params): MemoryEstimate {
  const weights = weightElements(widths);
  let targets = 0;
  let peak = { bytes: 0, size: scales[0]!.size };
  let largest = { bytes: 0, what: '' };
  for (const scale of scales) {
    targets += cachedElements(scale);
    const [h, w] = scale.size;
    const image = h * w * 3;
    const state = params.method === 'lbfgs' ? (2 * (params.historySize as number) + 6) * image : 8 * image;
    let loop = 0;
    let targetPass = 0;
    for (const [key, layers] of scale.plan.forward.layers) {
      const source = sourceShape(scale, key);
      if (!source) continue;
      const pass = activations(source.height, source.width, layers, widths);
      if (pass.largest.elements * FLOAT_BYTES > largest.bytes) {
        largest = { bytes: pass.largest.elements * FLOAT_BYTES, what: `the ${pass.largest.layer} activations of "${key.split('|')[0]}" (1x${pass.largest.height}x${pass.largest.width}x${pass.largest.channels})` };
      }
      if (inLoop(scale.plan, key)) loop += LOOP_ACTIVATION_FACTOR * pass.total;
      else targetPass = Math.max(targetPass, pass.kept + 2 * pass.largest.elements);
    }
    const bytes = FLOAT_BYTES * (weights + targets + state + Math.max(loop, targetPass));
    if (bytes > peak.bytes) peak = { bytes, size: scale.size };
  }
  return { ...peak, largest };
}

/** The first limit the estimate breaks, as one line for the user; undefined when it fits. */
export function memoryProblem(estimate: MemoryEstimate, limits: MemoryLimits): string | undefined {
  const at = `${estimate.size[0]}x${estimate.size[1]}`;
  if (limits.tensor && estimate.largest.bytes > limits.tensor.bytes) {
    return `this run does not fit in memory: its largest tensor, ${estimate.largest.what}, takes ${formatBytes(estimate.largest.bytes)}, more than ${limits.tensor.what} (${formatBytes(limits.tensor.bytes)}); run it smaller (--size)`;
  }
  if (limits.total && estimate.bytes > limits.total.bytes) {
    return `this run does not fit in memory: at ${at} it needs about ${formatBytes(estimate.bytes)} of tensors, more than ${limits.total.what} (${formatBytes(limits.total.bytes)}); run it smaller (--size)`;
  }
  return undefined;
}

export function formatBytes(bytes: number): string {
  return bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(1)} GiB` : `${Math.ceil(bytes / 2 ** 20)} MiB`;
}

/** Kernels (twice: conv3x3 keeps them flipped too) and biases. */
function weightElements(widths: readonly number[]): number {
  return widths.reduce((sum, out, i) => sum + 2 * 9 * (i ? widths[i - 1]! : 3) * out + out, 0);
}

/** Elements of the constants the loop or an output reads: what the target cache keeps. */
function cachedElements(scale: ScaleShapes): number {
  return [...cachedConstants(scale.plan)].reduce((sum, id) => sum + elements(scale.shapes.get(id)), 0);
}

function elements(shape: Shape | undefined): number {
  return shape ? shapeElements(shape) : 0;
}

/** The image a forward pass runs on ("node.port|pooling"). */
function sourceShape(scale: ScaleShapes, key: string): { height: number; width: number } | undefined {
  const shape = scale.shapes.get(key.split('.')[0]!);
  return shape?.type === 'image' && shape.height && shape.width ? { height: shape.height, width: shape.width } : undefined;
}

function inLoop(plan: Plan, key: string): boolean {
  return plan.loop.some((p) => plan.forward.key.get(p.node.id) === key);
}

interface Activations {
  /** Elements of every conv output, pooling output and the network input. */
  readonly total: number;
  /** Elements of the layers some node reads. */
  readonly kept: number;
  readonly largest: { readonly layer: string; readonly elements: number; readonly height: number; readonly width: number; readonly channels: number };
}

/** The tensors of one VGG pass on an image of height x width up to the deepest of `layers`. */
export function activations(height: number, width: number, layers: ReadonlySet<string>, widths: readonly number[]): Activations {
  const last = Math.max(...[...layers].map((name) => vggLayer(name)!.index));
  let [h, w] = [height, width];
  let total = 2 * h * w * 3;
  let kept = 0;
  let largest: Activations['largest'] = { layer: 'input', elements: 0, height, width, channels: 3 };
  for (const layer of VGG19_LAYERS.slice(0, last + 1)) {
    const channels = widths[layer.index]!;
    const n = h * w * channels;
    total += n;
    if (layers.has(layer.name)) kept += n;
    if (n > largest.elements) largest = { layer: layer.name, elements: n, height: h, width: w, channels };
    if (layer.endsBlock && layer.index < last) {
      [h, w] = [Math.floor(h / 2), Math.floor(w / 2)];
      total += h * w * channels;
    }
  }
  return { total, kept, largest };
}
