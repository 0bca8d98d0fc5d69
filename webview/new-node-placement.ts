/**
 * New nodes never land on top of others: nodes the canvas made since the last document (Add
 * node, a node made by dropping a link, paste, Clone) are moved together, by the least distance,
 * off every node that was there before (core's clearMove, at the canvas's own sizes).
 */
import { clearMove } from '../src/core/graph/free-space';
import { NODE_TITLE_HEIGHT, type Box } from '../src/core/graph/node-geometry';
import type { Graph } from '../src/core/graph/types';
import type { LGraphT, LNode } from './litegraph-types';

/** A node's box as the canvas draws it: its title bar above `pos`. */
function drawnBox(node: LNode): Box {
  const [w, h] = node.size ?? [0, 0];
  return [node.pos[0]!, node.pos[1]! - NODE_TITLE_HEIGHT, w!, h! + NODE_TITLE_HEIGHT];
}

/** Moves the nodes of `graph` that `before` did not have off the others; true when any moved. */
export function clearNewNodes(graph: LGraphT, before: Graph | undefined): boolean {
  if (!before) return false;
  const old = new Set(before.nodes.map((n) => n.id));
  const fresh = graph.nodes.filter((n) => !old.has(String(n.id)));
  if (fresh.length === 0 || fresh.length === graph.nodes.length) return false;
  const [dx, dy] = clearMove(fresh.map(drawnBox), graph.nodes.filter((n) => old.has(String(n.id))).map(drawnBox));
  if (dx === 0 && dy === 0) return false;
  for (const n of fresh) n.pos = [n.pos[0]! + dx, n.pos[1]! + dy];
  return true;
}
