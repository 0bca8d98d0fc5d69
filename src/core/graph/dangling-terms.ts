import type { GraphNode } from './types';
import type { Problem } from './problems';
import type { EdgeIndex } from './edge-index';
import { nodeDef } from '../nodes/catalogue';

/**
 * A term that reaches no optimizer: a node with a scalar output from which no path leads to an
 * optimizer (or to a bypassed term, which switches it off on purpose). Its value is computed by
 * nobody and is not in J, which is never what was meant (deleting `w_style_conv1_1`, or adding a
 * `loss.tv` without wiring it into the sum). One problem at the end of each such chain (the weight
 * of a loss, not the loss too). Graphs without an optimizer (evaluated once) have no J: none.
 */
export function danglingTerms(nodes: readonly GraphNode[], index: EdgeIndex, off: ReadonlySet<GraphNode>): Problem[] {
  const sinks = nodes.filter((n) => nodeDef(n.type)?.role === 'optimizer');
  if (sinks.length === 0) return [];
  const reaches = new Set<GraphNode>();
  const stack = [...sinks, ...off];
  while (stack.length) {
    const node = stack.pop()!;
    if (reaches.has(node)) continue;
    reaches.add(node);
    for (const e of index.incoming.get(node) ?? []) stack.push(e.from.node);
  }
  const isScalar = (n: GraphNode) => nodeDef(n.type)?.outputs.some((o) => o.type === 'scalar') ?? false;
  const dangling = new Set(nodes.filter((n) => isScalar(n) && !reaches.has(n)));
  const ends = [...dangling].filter((n) => !(index.outgoing.get(n) ?? []).some((e) => dangling.has(e.to.node)));
  // One problem per id (a duplicated id is a problem of its own).
  return [...new Map(ends.map((n) => [n.id, n])).values()]
    .map((n) => ({ code: 'dangling-term' as const, message: `node "${n.id}" (${n.type}): reaches no optimizer: its term is not in J (wire it into a sum, bypass it, or remove it)`, nodeId: n.id }));
}
