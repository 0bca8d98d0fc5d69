import type { GraphNode } from './types';
import type { PortSpec } from '../nodes/types';

/** An edge whose both ends exist, with their port specs. */
export interface ResolvedEdge {
  readonly index: number;
  readonly from: { readonly node: GraphNode; readonly port: PortSpec };
  readonly to: { readonly node: GraphNode; readonly port: PortSpec };
}

/** The resolved edges into and out of each node, in file order. */
export interface EdgeIndex {
  readonly incoming: ReadonlyMap<GraphNode, readonly ResolvedEdge[]>;
  readonly outgoing: ReadonlyMap<GraphNode, readonly ResolvedEdge[]>;
}

/** The resolved edges into and out of each of `nodes`, in the order of `edges`. */
export function indexEdges(nodes: readonly GraphNode[], edges: readonly ResolvedEdge[]): EdgeIndex {
  const incoming = new Map<GraphNode, ResolvedEdge[]>(nodes.map((n) => [n, []]));
  const outgoing = new Map<GraphNode, ResolvedEdge[]>(nodes.map((n) => [n, []]));
  for (const e of edges) {
    incoming.get(e.to.node)!.push(e);
    outgoing.get(e.from.node)!.push(e);
  }
  return { incoming, outgoing };
}

/** Nodes upstream of `start` (inclusive), following resolved edges backwards. */
export function ancestors(start: GraphNode, index: EdgeIndex): Set<GraphNode> {
  const seen = new Set<GraphNode>();
  const stack = [start];
  while (stack.length) {
    const node = stack.pop()!;
    if (seen.has(node)) continue;
    seen.add(node);
    for (const e of index.incoming.get(node) ?? []) stack.push(e.from.node);
  }
  return seen;
}
