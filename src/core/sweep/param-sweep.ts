import type { Graph } from '../graph/types';
import { termOf } from '../graph/layer-edits';
import { nodeDef } from '../nodes/catalogue';

/**
 * A sweep's starting point for one param, as the editor's "Sweep this param…" offers it: the keys
 * that take the same value (a layer of a style or content term: both of its VGG-19 nodes) and
 * suggested values, as the CLI's --vary writes them.
 */
export interface SweepSuggestion {
  readonly keys: readonly string[];
  readonly values: readonly string[];
}

/** The suggestion for `nodeId.param`, or undefined when the node has no such param. */
export function suggestSweep(graph: Graph, nodeId: string, param: string): SweepSuggestion | undefined {
  const node = graph.nodes.find((n) => n.id === nodeId);
  const spec = node && nodeDef(node.type)?.params.find((p) => p.name === param);
  if (!node || !spec) return undefined;
  const term = param === 'layer' ? termOf(graph, nodeId) : undefined;
  const keys = term && (term.target === nodeId || term.generated === nodeId) ? [`${term.target}.layer`, `${term.generated}.layer`] : [`${nodeId}.${param}`];
  const value = node.params[param] ?? spec.default;
  switch (spec.kind) {
    case 'enum':
      return { keys, values: spec.options };
    case 'number': {
      if (typeof value !== 'number' || value === 0) return { keys, values: [String(value)] };
      // x0.1, x1, x10 kept in range (and whole for an integer param); duplicates dropped.
      const scaled = [0.1, 1, 10].map((f) => Math.min(spec.max, Math.max(spec.min, spec.integer ? Math.round(value * f) : value * f)));
      return { keys, values: [...new Set(scaled.map(tidy))] };
    }
    case 'boolean':
      return { keys, values: ['true', 'false'] };
    default:
      return { keys, values: [String(value)] };
  }
}

/**
 * Where "Sweep a Weight…" starts: the first node in the file that scales a scalar by a number param
 * (one scalar input, one scalar output, one number param: a weight), and that param; undefined
 * when the graph has none. Found by ports and params, not by type name.
 */
export function weightParam(graph: Graph): { readonly nodeId: string; readonly param: string } | undefined {
  for (const node of graph.nodes) {
    const def = nodeDef(node.type);
    if (!def || def.inputs.length !== 1 || def.outputs.length !== 1) continue;
    if (def.inputs[0]!.type !== 'scalar' || def.outputs[0]!.type !== 'scalar') continue;
    const numbers = def.params.filter((p) => p.kind === 'number');
    if (def.params.length === 1 && numbers.length === 1) return { nodeId: node.id, param: numbers[0]!.name };
  }
  return undefined;
}

/** A product without float noise: 0.1 * 0.2 is "0.02", not "0.020000000000000004". */
function tidy(n: number): string {
  return String(Number(n.toPrecision(12)));
}
