import * as tf from '@tensorflow/tfjs-core';
import { valueTensors, type Value } from '../nodes/types';
import type { VggNetwork } from '../model/vgg-network';
import { upstreamOf, type Plan, type PlannedNode } from '../compile/plan';
import type { RawImage } from '../image/raw-image';
import { hashBytes, hashString } from './hash';
import { evaluate, newScope, type NodeSources } from './node-context';

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
    valueTensors(value).forEach((t) => tf.keep(t));
    this.entries.set(key, value);
  }

  /** Disposes the entries the current plan no longer uses. */
  retainOnly(keys: ReadonlySet<string>): void {
    for (const [key, value] of this.entries) {
      if (!keys.has(key)) {
        valueTensors(value).forEach((t) => t.dispose());
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

/** The cache key of every constant node: a hash of its type, params, inputs' keys and (for a source) its file's pixels. */
export function constantKeys(plan: Plan, images: ReadonlyMap<string, RawImage>): Map<string, string> {
  const keys = new Map<string, string>();
  for (const p of plan.constants) keys.set(p.node.id, cacheKey(p, keys, images));
  return keys;
}

function cacheKey(p: PlannedNode, keys: ReadonlyMap<string, string>, images: ReadonlyMap<string, RawImage>): string {
  const inputs = [...p.inputs].map(([port, sources]) => [port, sources.map((s) => keys.get(s.node.id))]);
  const raw = images.get(p.node.id);
  const pixels = raw ? `${raw.width}x${raw.height}:${hashBytes(raw.data)}` : '';
  return hashString(JSON.stringify([p.node.type, p.node.params, inputs, pixels]));
}

/**
 * The constants the cache keeps (what the loop and the outputs read, and the loaded images) at
 * this scale, from the cache or computed in one scope so nodes on the same image share a forward
 * pass. Only what an uncached one needs is computed; the rest (features reduced to Grams, ...) is
 * freed when the scope ends.
 */
export function computeConstants(plan: Plan, cache: TargetCache, sources: NodeSources, keys: ReadonlyMap<string, string>): { values: Map<string, Value>; evaluated: number } {
  const keep = cachedConstants(plan);
  const hit = (id: string) => keep.has(id) && cache.get(keys.get(id)!) !== undefined;
  const needed = upstreamOf(keep, plan.constants, hit);
  const values = new Map<string, Value>();
  tf.tidy(() => {
    const scope = newScope(sources);
    for (const p of plan.constants) {
      const id = p.node.id;
      if (!needed.has(id)) {
        if (keep.has(id)) values.set(id, cache.get(keys.get(id)!)!);
        continue;
      }
      const value = evaluate(p, values, scope, 0);
      if (keep.has(id)) cache.set(keys.get(id)!, value);
      values.set(id, value);
    }
  });
  for (const id of values.keys()) if (!keep.has(id)) values.delete(id);
  return { values, evaluated: needed.size };
}

/** The keys of what the cache keeps (cachedConstants) at the scales from `from` on; `keys` are each scale's constantKeys. */
export function keptKeys(plans: readonly Plan[], keys: readonly ReadonlyMap<string, string>[], from: number): Set<string> {
  return new Set(plans.slice(from).flatMap((plan, i) => [...cachedConstants(plan)].map((id) => keys[from + i]!.get(id)!)));
}
