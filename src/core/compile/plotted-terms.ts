import { compile, type Plan } from './plan';
import type { Graph } from '../graph/types';

/**
 * The series a loss chart plots for a run of `plan`, by node id: J's own terms first (every scalar
 * that enters the optimizer's loss node: `alpha` = 10 Jc, `gamma` = 1e7 d, a TV weight), then the
 * loop's loss nodes not among them (each style layer's loss), each group in id order, then J itself
 * last. Every id is one of the run's `losses` (Plan.reported); bypassed terms are not in the plan.
 * Every engine's chart (the webview's, the host engine's) asks this.
 */
export function plottedTerms(plan: Pick<Plan, 'loop' | 'loss'>): string[] {
  const total = plan.loss.id;
  const lossNode = plan.loop.find((p) => p.node.id === total);
  const own = new Set<string>();
  for (const [name, sources] of lossNode?.inputs ?? []) {
    if (lossNode!.def.inputs.find((port) => port.name === name)?.type !== 'scalar') continue;
    for (const s of sources) own.add(s.node.id);
  }
  const losses = plan.loop.filter((p) => p.def.role === 'loss' && p.node.id !== total && !own.has(p.node.id)).map((p) => p.node.id);
  return [...[...own].sort(compare), ...losses.sort(compare), total];
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** plottedTerms of a graph as it would run (a recorded run's graph); undefined when it does not compile. */
export function plottedTermsOf(graph: Graph): string[] | undefined {
  try {
    return plottedTerms(compile(graph));
  } catch {
    return undefined;
  }
}
