import type { Graph } from '../graph/types';
import { nodesWithRole, validateGraph } from '../graph/validate';
import { scaleLadder, type Size } from './pyramid';

/**
 * What a coarse-to-fine graph (its optimizer's minSize above 0) should say when a run of it at
 * `size` (the run size; undefined: the graph's own) has a single scale: the size is at or below
 * minSize (or within a quarter octave of it), so nothing is run coarse to fine. Undefined when the
 * run has several scales, minSize is 0, or the size is known only once the files are read.
 */
export function oneScaleNote(graph: Graph, size?: Size): string | undefined {
  const optimizer = nodesWithRole(graph.nodes, 'optimizer')[0];
  const minSize = Number(optimizer?.params.minSize ?? 0);
  if (!(minSize > 0)) return undefined;
  const final = size ?? generatedSize(graph);
  if (!final || scaleLadder(minSize, final).length > 1) return undefined;
  return `one scale: ${final[0]}x${final[1]} is at or below the optimizer's minSize ${minSize}, so this run is not coarse to fine`;
}

function generatedSize(graph: Graph): Size | undefined {
  const { shapes } = validateGraph(graph);
  for (const [node, shape] of shapes) {
    if (nodesWithRole([node], 'generated').length && shape.type === 'image' && shape.height !== undefined && shape.width !== undefined) return [shape.height, shape.width];
  }
  return undefined;
}
