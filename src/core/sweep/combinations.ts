import type { Graph } from '../graph/types';
import { parsePortRef } from '../graph/types';
import type { Problem } from '../graph/problems';
import { quote } from '../graph/quote';
import { paramProblem, validateGraph } from '../graph/validate';
import { pathProblems } from '../graph/graph-paths';
import type { ParamSpec, ParamValue } from '../nodes/types';
import { nodeDef } from '../nodes/catalogue';
import type { VaryFlag } from './vary';

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

/** The cartesian product of the axes, the last axis varying fastest. */
export function combinations(axes: readonly SweepAxis[]): Combination[] {
  return axes.reduce<Combination[]>((acc, axis) => acc.flatMap((c) => axis.values.map((v) => [...c, v])), [[]]);
}

/** Each key's value in a combination, keyed "node.param". */
export function combinationParams(axes: readonly SweepAxis[], combination: Combination): Record<string, ParamValue> {
  return Object.fromEntries(axes.flatMap((axis, i) => axis.keys.map((key) => [key, combination[i]!])));
}

/** The graph with a combination's values set. */
export function applyCombination(graph: Graph, axes: readonly SweepAxis[], combination: Combination): Graph {
  const params = combinationParams(axes, combination);
  return {
    ...graph,
    nodes: graph.nodes.map((node) => {
      const set = Object.entries(params).filter(([key]) => parsePortRef(key)!.node === node.id);
      return set.length ? { ...node, params: { ...node.params, ...Object.fromEntries(set.map(([key, v]) => [parsePortRef(key)!.port, v])) } } : node;
    }),
  };
}

/** "alpha.w=10, beta.w=40" (tied keys joined by commas). */
export function describeCombination(axes: readonly SweepAxis[], combination: Combination): string {
  return axes.map((axis, i) => `${axis.keys.join(',')}=${String(combination[i])}`).join(', ');
}

/**
 * Every problem of every combination (validateGraph and the path rule), each message once: as it
 * is when every combination has it, else prefixed with the first combination that has it.
 */
export function combinationProblems(graph: Graph, axes: readonly SweepAxis[], graphFileName?: string): Problem[] {
  const all = combinations(axes);
  const seen = new Map<string, { problem: Problem; combinations: Combination[] }>();
  for (const combination of all) {
    const g = applyCombination(graph, axes, combination);
    for (const problem of [...validateGraph(g).problems, ...pathProblems(g, graphFileName)]) {
      const entry = seen.get(problem.message) ?? { problem, combinations: [] };
      entry.combinations.push(combination);
      seen.set(problem.message, entry);
    }
  }
  return [...seen.values()].map(({ problem, combinations: where }) => {
    if (where.length === all.length) return problem;
    const more = where.length > 1 ? ` (and ${where.length - 1} more)` : '';
    return { ...problem, message: `with ${describeCombination(axes, where[0]!)}${more}: ${problem.message}` };
  });
}
