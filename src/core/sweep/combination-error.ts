import { GraphError } from '../graph/problems';

/**
 * `error` naming the sweep combination it happened in, `label` being describeCombination's words,
 * as combinationProblems names them ("with alpha.w=1, adam.minSize=8: node ..."): each problem of a
 * GraphError, the message of any other Error (the same object, so its class and node id stay).
 */
export function inCombination(error: unknown, label: string): unknown {
  const prefix = `with ${label}: `;
  if (error instanceof GraphError) return new GraphError(error.problems.map((p) => ({ ...p, message: prefix + p.message })), error.source);
  if (error instanceof Error) error.message = prefix + error.message;
  return error;
}
