import type { Graph, GraphNode } from './types';
import type { NodeRole, NumberParam, ParamValue } from '../nodes/types';
import { NODE_DEFS, nodeDef } from '../nodes/catalogue';

/** Changes a run may make without editing the file (the CLI's --size, --iterations, --seed). */
export interface RunOverrides {
  /** Height and width of every loaded image (and of a generated image without content). */
  readonly size?: readonly [number, number];
  readonly iterations?: number;
  readonly seed?: number;
}

/** The params each overridden value sets, by the role of their node. */
const OVERRIDDEN_PARAMS = {
  height: [{ role: 'source', param: 'height' }, { role: 'generated', param: 'height' }],
  width: [{ role: 'source', param: 'width' }, { role: 'generated', param: 'width' }],
  iterations: [{ role: 'optimizer', param: 'iterations' }],
  seed: [{ role: 'generated', param: 'seed' }],
} as const satisfies Record<string, readonly { role: NodeRole; param: string }[]>;

export type OverriddenValue = keyof typeof OVERRIDDEN_PARAMS;

/** The whole numbers `name` may take: within the catalogue's range of every param it sets. */
export function overrideRange(name: OverriddenValue): { readonly min: number; readonly max: number } {
  let min = Number.MIN_SAFE_INTEGER;
  let max = Number.MAX_SAFE_INTEGER;
  for (const { role, param } of OVERRIDDEN_PARAMS[name]) {
    for (const def of NODE_DEFS.filter((d) => d.role === role)) {
      const spec = def.params.find((p): p is NumberParam => p.name === param && p.kind === 'number');
      if (!spec) throw new Error(`${def.type} has no number param ${param}`);
      min = Math.max(min, Math.ceil(spec.min));
      max = Math.min(max, Math.floor(spec.max));
    }
  }
  return { min, max };
}

export function applyOverrides(graph: Graph, overrides: RunOverrides): Graph {
  const values: Partial<Record<OverriddenValue, number>> = {
    height: overrides.size?.[0],
    width: overrides.size?.[1],
    iterations: overrides.iterations,
    seed: overrides.seed,
  };
  const patch = (node: GraphNode): Record<string, ParamValue> => {
    const role = nodeDef(node.type)?.role;
    const params: Record<string, ParamValue> = {};
    for (const name of Object.keys(OVERRIDDEN_PARAMS) as OverriddenValue[]) {
      const value = values[name];
      if (value === undefined) continue;
      for (const target of OVERRIDDEN_PARAMS[name]) if (target.role === role) params[target.param] = value;
    }
    return params;
  };
  return { ...graph, nodes: graph.nodes.map((n) => ({ ...n, params: { ...n.params, ...patch(n) } })) };
}
