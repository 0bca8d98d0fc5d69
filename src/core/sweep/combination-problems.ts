import type { Graph } from '../graph/types';
import { parsePortRef } from '../graph/types';
import type { Problem } from '../graph/problems';
import { paramProblem, paramsReachChecks, validateGraph } from '../graph/validate';
import { isPathParam, pathProblems } from '../graph/graph-paths';
import { nodeDef } from '../nodes/catalogue';
import { applyCombination, describeCombination, eachCombinationOn, type Combination, type SweepAxis } from './combinations';
import { runCount } from './run-count';

/**
 * Every problem of every combination (validateGraph and the path rule), each message once: as it
 * is when every combination has it, else prefixed with the first combination that has it and how
 * many more do. Only the axes whose values can change a check's verdict (checkedAxes) are walked:
 * the combinations that agree on those share their problems, so 100 x 100 weights validate once.
 */
export function combinationProblems(graph: Graph, axes: readonly SweepAxis[], graphFileName?: string): Problem[] {
  const total = runCount(axes);
  const checked = checkedAxes(graph, axes);
  /** How many combinations share the values of each one walked. */
  const repeats = total / runCount(checked.map((i) => axes[i]!));
  const seen = new Map<string, { problem: Problem; first: Combination; count: number }>();
  for (const { combination } of eachCombinationOn(axes, checked)) {
    const g = applyCombination(graph, axes, combination);
    const here = new Set<string>();
    for (const problem of [...validateGraph(g).problems, ...pathProblems(g, graphFileName)]) {
      if (here.has(problem.message)) continue;
      here.add(problem.message);
      const entry = seen.get(problem.message) ?? { problem, first: combination, count: 0 };
      entry.count += repeats;
      seen.set(problem.message, entry);
    }
  }
  return [...seen.values()].map(({ problem, first, count }) => {
    if (count === total) return problem;
    const more = count > 1 ? ` (and ${count - 1} more)` : '';
    return { ...problem, message: `with ${describeCombination(axes, first)}${more}: ${problem.message}` };
  });
}

/**
 * The indexes of the axes whose values can change what validateGraph or the path rule says: a key
 * on a node whose hooks read its params (paramsReachChecks), a path param, or a value its param
 * does not take. Keys of other axes (weights, optimizer settings) only pass or fail their own range
 * check, which is the same for every valid value.
 */
function checkedAxes(graph: Graph, axes: readonly SweepAxis[]): number[] {
  return axes.flatMap((axis, i) => (axis.keys.some((key) => keyReachesChecks(graph, key, axis)) ? [i] : []));
}

function keyReachesChecks(graph: Graph, key: string, axis: SweepAxis): boolean {
  const ref = parsePortRef(key)!;
  const nodes = graph.nodes.filter((n) => n.id === ref.node);
  if (!nodes.length) return true;
  return nodes.some((node) => {
    const spec = nodeDef(node.type)?.params.find((p) => p.name === ref.port);
    return !spec || paramsReachChecks(node) || isPathParam(node, ref.port) || axis.values.some((v) => paramProblem(spec, v) !== undefined);
  });
}
