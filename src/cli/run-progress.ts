import type { Plan } from '../core/compile/plan';
import type { ProgressEvent, RunStart } from '../core/run/executor';
import { progressView } from './progress';
import type { CliOutput } from './cli-output';

/**
 * One run's progress: a JSON line per iteration (--json; `sweepRun` adds "run" and "runs") or the
 * progress view on stderr, showing the total and the terms that feed it directly. --json starts
 * with a start event: whether the iterations run natively, and the loop's nodes that keep them on tfjs.
 */
export function runProgress(plan: Plan, json: boolean, out: CliOutput, sweepRun?: { readonly run: number; readonly runs: number }) {
  const terms = [...(plan.loop.find((p) => p.node === plan.loss)?.inputs.values() ?? [])].flat().map((source) => source.node.id);
  const view = json ? undefined : progressView(out.stderr, terms);
  return {
    onStart: (e: RunStart) => {
      if (json) out.line(JSON.stringify({ event: 'start', ...sweepRun, nativeLoop: e.nativeLoop, tfjsNodes: e.tfjsNodes }));
    },
    onProgress: (e: ProgressEvent) =>
      json ? out.line(JSON.stringify({ event: 'progress', ...sweepRun, iteration: e.iteration, scale: e.scale, scales: e.scales, size: e.size, loss: e.loss, losses: e.losses, ms: Math.round(e.ms) })) : view!.update(e),
    stop: () => view?.stop(),
  };
}
