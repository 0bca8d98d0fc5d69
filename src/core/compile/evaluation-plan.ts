import type { Graph } from '../graph/types';
import { GraphError } from '../graph/problems';
import { nodesWithRole, validateGraph } from '../graph/validate';
import { ancestors } from '../graph/edge-index';
import { plannedNode, type PlannedNode } from './plan';

/** How a graph without an optimizer runs: its nodes once, in order, then each result node's report. */
export interface EvaluationPlan {
  readonly graph: Graph;
  /** The nodes the results depend on, in dependency order. */
  readonly nodes: readonly PlannedNode[];
  /** Result nodes, in dependency order. */
  readonly results: readonly PlannedNode[];
}

/** Whether a graph is evaluated once (it has no optimizer) rather than optimised. */
export function isEvaluationGraph(graph: Graph): boolean {
  return nodesWithRole(graph.nodes, 'optimizer').length === 0;
}

/** Validates a graph without an optimizer and plans its evaluation; throws GraphError with every problem. */
export function compileEvaluation(graph: Graph, source = 'graph'): EvaluationPlan {
  const { problems, index, order } = validateGraph(graph);
  if (problems.length) throw new GraphError(problems, source);
  const results = order.filter((n) => nodesWithRole([n], 'result').length > 0);
  const needed = new Set(results.flatMap((r) => [...ancestors(r, index)]));
  for (const r of results) needed.delete(r);
  return {
    graph,
    nodes: order.filter((n) => needed.has(n)).map((n) => plannedNode(n, index)),
    results: results.map((n) => plannedNode(n, index)),
  };
}
