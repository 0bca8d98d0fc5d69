import type { Graph } from '../graph/types';
import type { ParamValue } from '../nodes/types';

/** A "node.param" whose value differs between two graphs; undefined where that graph has no such node or param. */
export interface ParamDifference {
  readonly key: string;
  readonly a: ParamValue | undefined;
  readonly b: ParamValue | undefined;
}

/** Every node.param whose value differs between `a` and `b` (a node only one graph has counts all its params), sorted by key. */
export function paramDifferences(a: Graph, b: Graph): ParamDifference[] {
  const params = (g: Graph) => new Map(g.nodes.flatMap((n) => Object.entries(n.params).map(([name, v]) => [`${n.id}.${name}`, v] as const)));
  const pa = params(a);
  const pb = params(b);
  const keys = [...new Set([...pa.keys(), ...pb.keys()])].sort();
  return keys.filter((k) => pa.get(k) !== pb.get(k)).map((key) => ({ key, a: pa.get(key), b: pb.get(key) }));
}
