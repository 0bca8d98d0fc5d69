/**
 * Boxes on the canvas that must not overlap: which nodes of a graph overlap (the examples have
 * none), and how far to move new nodes so that they land on none of the others. Pure: boxes in
 * graph units, as node-geometry's nodeBox or the canvas's own sizes give them.
 */
import { nodeBox, type Box } from './node-geometry';
import type { Graph } from './types';

/** Room kept between a moved node and the others, in graph units. */
export const NODE_GAP = 20;

/** Whether two boxes overlap, `gap` apart counting as overlapping (touching edges do not overlap at gap 0). */
export function boxesOverlap(a: Box, b: Box, gap = 0): boolean {
  return a[0] < b[0] + b[2] + gap && b[0] < a[0] + a[2] + gap && a[1] < b[1] + b[3] + gap && b[1] < a[1] + a[3] + gap;
}

/** Every pair of nodes whose boxes (nodeBox) overlap, as [id, id] in node order. */
export function overlappingPairs(graph: Graph): [string, string][] {
  const boxes = graph.nodes.map((n) => [n.id, nodeBox(n, graph)] as const);
  const pairs: [string, string][] = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      if (boxesOverlap(boxes[i]![1], boxes[j]![1])) pairs.push([boxes[i]![0], boxes[j]![0]]);
    }
  }
  return pairs;
}

/**
 * The smallest move [dx, dy] of `moving` (kept together, as a pasted selection) after which none of
 * its boxes is within NODE_GAP of a box in `fixed`: [0, 0] when it is clear already. Tries moves
 * down, right, up and left in growing rings, nearest first, so a new node stays near where it
 * was put.
 */
export function clearMove(moving: readonly Box[], fixed: readonly Box[], gap = NODE_GAP): [number, number] {
  const clear = (dx: number, dy: number) => !moving.some((m) => fixed.some((f) => boxesOverlap([m[0] + dx, m[1] + dy, m[2], m[3]], f, gap)));
  if (moving.length === 0 || clear(0, 0)) return [0, 0];
  const step = 10;
  for (let ring = 1; ring < 2000; ring++) {
    const d = ring * step;
    // Nearest first: straight down, right, up, left, then the diagonals of this ring.
    const tries: [number, number][] = [[0, d], [d, 0], [0, -d], [-d, 0]];
    for (let k = step; k <= d; k += step) tries.push([k, d], [-k, d], [d, k], [d, -k], [k, -d], [-k, -d], [-d, k], [-d, -k]);
    for (const [dx, dy] of tries) if (clear(dx, dy)) return [dx, dy];
  }
  return [0, 0];
}
