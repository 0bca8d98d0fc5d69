import type { Graph, GraphNode } from '../graph/types';
import { nodeDef } from './catalogue';

/** The node of a graph that names its frames (its catalogue entry says `frames`), if any: such a graph runs once per frame. */
export function framesSourceOf(graph: Graph): GraphNode | undefined {
  return graph.nodes.find((n) => nodeDef(n.type)?.frames === true);
}
