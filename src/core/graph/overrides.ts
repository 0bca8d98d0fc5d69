import type { Graph, GraphNode } from './types';
import type { ParamValue } from '../nodes/types';

/** Changes a run may make without editing the file (the CLI's --size, --iterations, --seed). */
export interface RunOverrides {
  /** Height and width of every loaded image (and of a generated image without content). */
  readonly size?: readonly [number, number];
  readonly iterations?: number;
  readonly seed?: number;
}

export function applyOverrides(graph: Graph, overrides: RunOverrides): Graph {
  const { size, iterations, seed } = overrides;
  const patch = (node: GraphNode): Record<string, ParamValue> => {
    if (node.type === 'image.load' || node.type === 'image.generated') {
      return { ...(size && { height: size[0], width: size[1] }), ...(node.type === 'image.generated' && seed !== undefined && { seed }) };
    }
    if (node.type === 'optimizer' && iterations !== undefined) return { iterations };
    return {};
  };
  return { ...graph, nodes: graph.nodes.map((n) => ({ ...n, params: { ...n.params, ...patch(n) } })) };
}
