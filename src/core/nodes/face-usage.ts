import type { Graph } from '../graph/types';
import { nodeDef } from './catalogue';

/** Whether a graph has face nodes, which need face-api's weights loaded before it runs. */
export function usesFaceModels(graph: Graph): boolean {
  return graph.nodes.some((n) => nodeDef(n.type)?.category === 'face');
}
