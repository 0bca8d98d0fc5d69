import * as tf from '@tensorflow/tfjs-core';
import type { Value } from '../nodes/types';
import type { VggNetwork } from '../model/vgg-network';
import type { Plan } from '../compile/plan';

/**
 * The constant nodes whose values a run keeps (by node id): those the loop or an output reads, and
 * the loaded images (cheap, and a new layer then needs no new decode). The rest, such as the
 * features a Gram was computed from, are freed once their consumers have their values.
 */
export function cachedConstants(plan: Plan): Set<string> {
  const constants = new Set(plan.constants.map((p) => p.node.id));
  const read = [...plan.loop, ...plan.outputs].flatMap((p) => [...p.inputs.values()].flat().map((s) => s.node.id));
  return new Set([...read.filter((id) => constants.has(id)), ...plan.constants.filter((p) => p.def.role === 'source').map((p) => p.node.id)]);
}

/**
 * Values of constant nodes (content features, style Grams...) kept between runs, keyed by a hash
 * of the node's params and everything upstream of it. Bound to one model: other weights, other targets.
 */
export class TargetCache {
  private readonly entries = new Map<string, Value>();
  private model: VggNetwork | undefined;

  /** Forgets every entry when the weights change. */
  useModel(model: VggNetwork): void {
    if (this.model !== model) this.clear();
    this.model = model;
  }

  get(key: string): Value | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: Value): void {
    tf.keep(value.tensor);
    this.entries.set(key, value);
  }

  /** Disposes the entries the current plan no longer uses. */
  retainOnly(keys: ReadonlySet<string>): void {
    for (const [key, value] of this.entries) {
      if (!keys.has(key)) {
        value.tensor.dispose();
        this.entries.delete(key);
      }
    }
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.retainOnly(new Set());
  }
}
