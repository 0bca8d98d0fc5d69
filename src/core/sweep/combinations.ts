import type { Graph } from '../graph/types';
import { parsePortRef } from '../graph/types';
import type { Problem } from '../graph/problems';
import { quote } from '../text/quote';
import { paramProblem } from '../graph/validate';
import type { ParamSpec, ParamValue } from '../nodes/types';
import { nodeDef } from '../nodes/catalogue';
import type { VaryFlag } from './vary';
import { runCount } from './run-count';

/** One axis of a sweep: keys ("node.param") that always take the same value, and its values typed for their params. */
export interface SweepAxis {
  readonly keys: readonly string[];
  readonly values: readonly ParamValue[];
}

/** One run of a sweep: the value of every axis, in axis order. */
export type Combination = readonly ParamValue[];

/**
 * Types each flag's values for the params its keys name (numbers, booleans, strings) and checks
 * them against the param specs. Problems name the node (or the missing node) and the --vary flag.
 */
export function typeAxes(graph: Graph, flags: readonly VaryFlag[]): { readonly axes: SweepAxis[]; readonly problems: Problem[] } {
  const problems: Problem[] = [];
  const axes = flags.map((flag) => {
    const specs = flag.keys.map((key) => keySpec(graph, key, problems));
    const first = specs.find((s) => s !== undefined);
    const values = flag.values.map((raw) => (first ? typed(first.spec, raw) : raw));
    values.forEach((value, i) => {
      for (const s of specs) {
        const why = s && paramProblem(s.spec, value);
        if (s && why) {
          const message = `--vary ${s.key}=${flag.values[i]}: node ${quote(s.nodeId)} (${s.type}): param ${s.spec.name}: ${why.message}`;
          problems.push({ code: why.code, message, nodeId: s.nodeId, param: s.spec.name });
        }
      }
    });
    return { keys: flag.keys, values };
  });
  return { axes, problems };
}

function keySpec(graph: Graph, key: string, problems: Problem[]): { key: string; nodeId: string; type: string; spec: ParamSpec } | undefined {
  const ref = parsePortRef(key)!;
  const node = graph.nodes.find((n) => n.id === ref.node);
  if (!node) {
    problems.push({ code: 'unknown-param', message: `--vary ${key}: the graph has no node ${quote(ref.node)}` });
    return undefined;
  }
  const spec = nodeDef(node.type)?.params.find((p) => p.name === ref.port);
  if (!spec) {
    const have = nodeDef(node.type)?.params.map((p) => p.name).join(', ') || 'none';
    problems.push({ code: 'unknown-param', message: `--vary ${key}: node ${quote(node.id)} (${node.type}) has no param ${quote(ref.port)} (it has: ${have})`, nodeId: node.id, param: ref.port });
    return undefined;
  }
  return { key, nodeId: node.id, type: node.type, spec };
}

/** A command-line value as its param takes it; left a string when it does not read as one (paramProblem then says so). */
function typed(spec: ParamSpec, raw: string): ParamValue {
  if (spec.kind === 'number') return /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(raw) ? Number(raw) : raw;
  if (spec.kind === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw;
  return raw;
}

/** The combination at `index` (from 0) of the cartesian product, the last axis varying fastest. */
export function combinationAt(axes: readonly SweepAxis[], index: number): Combination {
  const combination: ParamValue[] = new Array<ParamValue>(axes.length);
  let rest = index;
  for (let i = axes.length - 1; i >= 0; i--) {
    const values = axes[i]!.values;
    combination[i] = values[rest % values.length]!;
    rest = Math.floor(rest / values.length);
  }
  return combination;
}

/** The cartesian product of the axes one at a time, the last axis varying fastest: none is made before it is asked for. */
export function* eachCombination(axes: readonly SweepAxis[]): Generator<Combination> {
  const n = runCount(axes);
  for (let i = 0; i < n; i++) yield combinationAt(axes, i);
}

/**
 * One combination per distinct combination `values` of the axes at `indexes` (in run order): the
 * first combination that has those values, every other axis at its first value.
 */
export function* eachCombinationOn(axes: readonly SweepAxis[], indexes: readonly number[]): Generator<{ readonly values: Combination; readonly combination: Combination }> {
  for (const values of eachCombination(indexes.map((i) => axes[i]!))) {
    yield { values, combination: axes.map((axis, i) => (indexes.includes(i) ? values[indexes.indexOf(i)]! : axis.values[0]!)) };
  }
}

/** The cartesian product of the axes, the last axis varying fastest (eachCombination as an array, for small sweeps). */
export function combinations(axes: readonly SweepAxis[]): Combination[] {
  return [...eachCombination(axes)];
}

/** Each key's value in a combination, keyed "node.param". */
export function combinationParams(axes: readonly SweepAxis[], combination: Combination): Record<string, ParamValue> {
  return Object.fromEntries(axes.flatMap((axis, i) => axis.keys.map((key) => [key, combination[i]!])));
}

/** The graph with a combination's values set (the nodes it does not change are the graph's own objects). */
export function applyCombination(graph: Graph, axes: readonly SweepAxis[], combination: Combination): Graph {
  const byNode = new Map<string, Record<string, ParamValue>>();
  axes.forEach((axis, i) => {
    for (const key of axis.keys) {
      const ref = parsePortRef(key)!;
      byNode.set(ref.node, { ...byNode.get(ref.node), [ref.port]: combination[i]! });
    }
  });
  return {
    ...graph,
    nodes: graph.nodes.map((node) => {
      const set = byNode.get(node.id);
      return set ? { ...node, params: { ...node.params, ...set } } : node;
    }),
  };
}

/** "alpha.w=10, beta.w=40" (tied keys joined by commas). */
export function describeCombination(axes: readonly SweepAxis[], combination: Combination): string {
  return axes.map((axis, i) => `${axis.keys.join(',')}=${String(combination[i])}`).join(', ');
}
