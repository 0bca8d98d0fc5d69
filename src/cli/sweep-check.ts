import { basename, resolve } from 'node:path';
import type { SweepArgs } from './args';
import type { Graph } from '../core/graph/types';
import { readGraphFile } from '../node/run-session';
import { GraphError } from '../core/graph/problems';
import { applyOverrides } from '../core/graph/overrides';
import { compile } from '../core/compile/plan';
import { applyCombination, combinationAt, typeAxes, type SweepAxis } from '../core/sweep/combinations';
import { combinationProblems } from '../core/sweep/combination-problems';

/** A sweep's graph and axes, every combination checked. */
export interface CheckedSweep {
  readonly graphPath: string;
  /** The graph as its file holds it. */
  readonly graph: Graph;
  /** The graph with --size, --iterations and --seed applied. */
  readonly base: Graph;
  readonly axes: readonly SweepAxis[];
}

/**
 * What `sweep` checks before anything is loaded (an in-process sweep and `--emit` alike): the graph
 * file, the --vary values typed for their params, every combination's graph rules (validateGraph
 * and the path rule, combinationProblems) and that the graph is optimised at all. Throws a
 * GraphError naming the node (and the combination), or an Error when the file cannot be read.
 */
export async function checkSweep(args: SweepArgs): Promise<CheckedSweep> {
  const graphPath = resolve(args.graph);
  const graph = await readGraphFile(graphPath, args.graph);
  const base = applyOverrides(graph, args);
  const typed = typeAxes(base, args.vary);
  if (typed.problems.length) throw new GraphError(typed.problems, args.graph);
  const axes = typed.axes;
  const problems = combinationProblems(base, axes, basename(graphPath));
  if (problems.length) throw new GraphError(problems, args.graph);
  // Each run's plan is compiled as it starts; whether the graph is optimised at all (a graph of
  // result nodes is not) does not depend on the values, so the first combination tells now.
  compile(applyCombination(base, axes, combinationAt(axes, 0)), args.graph);
  return { graphPath, graph, base, axes };
}
