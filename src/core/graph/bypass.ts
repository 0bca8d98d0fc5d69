import type { Graph, GraphNode } from './types';
import type { Problem } from './problems';
import type { EdgeIndex, ResolvedEdge } from './edge-index';
import { nodeDef } from '../nodes/catalogue';

/**
 * Bypass: a term switched off without deleting it (a node's `"bypass": true`). What it means:
 *
 * - Only a term can be bypassed: a node with a scalar output (a loss, a weight, a sum, a distance).
 *   Bypassing any other node is a problem: an image, features or a Gram has no "nothing" to stand in.
 * - A node is **off** when it is bypassed, when a scalar input it takes one edge on comes from an
 *   off node (a weight of a bypassed loss), or when every edge of a scalar input that takes any
 *   number of edges (a sum's terms) comes from an off node.
 * - A sum adds only the terms that are on: an off term contributes nothing (not 0 x its value: it is
 *   not computed at all, nor are the nodes only it needed). A sum all of whose terms are off is off.
 * - The optimizer's loss, or a result node's input, that is off is a problem: nothing is left to minimise
 *   (or to report).
 * - Off nodes are still checked like any node (params, inputs, shapes); they are left out of J, of
 *   the run's losses and chart, and of the check that every term reaches the optimizer.
 */
export interface BypassState {
  /** The nodes left out of J, bypassed or fed by one as above. */
  readonly off: ReadonlySet<GraphNode>;
  readonly problems: readonly Problem[];
}

/** True when a node of this type may be bypassed: its output is a scalar (a term). */
export function canBypass(type: string): boolean {
  return nodeDef(type)?.outputs.some((o) => o.type === 'scalar') ?? false;
}

/** Which nodes are off, walking `order` (dependency order), and the problems bypass makes. */
export function bypassState(order: readonly GraphNode[], index: EdgeIndex): BypassState {
  const off = new Set<GraphNode>();
  const problems: Problem[] = [];
  for (const node of order) {
    const def = nodeDef(node.type);
    if (!def) continue;
    if (node.bypass && !canBypass(node.type)) {
      problems.push({ code: 'bypass', message: `node "${node.id}" (${node.type}): only a term (a node with a scalar output) can be bypassed`, nodeId: node.id });
      continue;
    }
    const offPorts = def.inputs.filter((port) => port.type === 'scalar' && portOff(index.incoming.get(node)!.filter((e) => e.to.port === port), port.multiple === true, off));
    if (node.bypass || (offPorts.length > 0 && canBypass(node.type))) {
      off.add(node);
    } else if (offPorts.length > 0) {
      const [port] = offPorts;
      const what = def.role === 'optimizer' ? 'every term of J is bypassed: nothing is left to minimise' : `its input ${port!.name} is bypassed`;
      problems.push({ code: 'bypass', message: `node "${node.id}" (${node.type}): ${what}`, nodeId: node.id, port: port!.name });
    }
  }
  return { off, problems };
}

function portOff(edges: readonly ResolvedEdge[], multiple: boolean, off: ReadonlySet<GraphNode>): boolean {
  const fromOff = edges.filter((e) => off.has(e.from.node)).length;
  return multiple ? fromOff > 0 && fromOff === edges.length : fromOff > 0;
}

/** `index` without the edges out of off nodes: the graph J is computed from (a sum's off terms dropped). */
export function liveIndex(index: EdgeIndex, off: ReadonlySet<GraphNode>): EdgeIndex {
  if (off.size === 0) return index;
  const live = (edges: readonly ResolvedEdge[]) => edges.filter((e) => !off.has(e.from.node));
  return {
    incoming: new Map([...index.incoming].map(([node, edges]) => [node, live(edges)])),
    outgoing: new Map([...index.outgoing].map(([node, edges]) => [node, off.has(node) ? [] : edges])),
  };
}

/**
 * `graph` with `nodeIds` bypassed (`on` false) or back on (`on` true): one edit. Nodes that cannot
 * be bypassed (not terms) are left as they are; undefined when nothing changes.
 */
export function setBypass(graph: Graph, nodeIds: readonly string[], on: boolean): Graph | undefined {
  const ids = new Set(nodeIds);
  let changed = false;
  const nodes = graph.nodes.map((n): GraphNode => {
    if (!ids.has(n.id) || (!on && !canBypass(n.type)) || (n.bypass === true) === !on) return n;
    changed = true;
    return on ? { id: n.id, type: n.type, params: n.params, ui: n.ui } : { ...n, bypass: true };
  });
  return changed ? { ...graph, nodes } : undefined;
}
