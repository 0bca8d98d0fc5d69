import type { Plan } from '../core/compile/plan';
import type { ProgressEvent, RunStart } from '../core/run/executor';
import { progressView } from './progress';
import type { CliOutput } from './cli-output';
import { loopPlacement } from '../core/run/loop-placement';

/**
 * One run's progress: a JSON line per iteration (--json; `sweepRun` adds "run" and "runs") or the
 * progress view on stderr, showing the total and the terms that feed it directly. --json starts
 * with a start event: whether the iterations run natively, and the loop's nodes that keep them on
 * tfjs; without --json, stderr says where the iterations compute on `backend` (loop-placement.ts).
 */
export function runProgress(plan: Plan, backend: string, json: boolean, out: CliOutput, sweepRun?: { readonly run: number; readonly runs: number }) {
  const terms = [...(plan.loop.find((p) => p.node === plan.loss)?.inputs.values() ?? [])].flat().map((source) => source.node.id);
  const view = json ? undefined : progressView(out.stderr, terms);
  return {
    onStart: (e: RunStart) => {
      if (json) out.line(JSON.stringify({ event: 'start', ...sweepRun, nativeLoop: e.nativeLoop, tfjsNodes: e.tfjsNodes }));
      else out.log(`iterations: ${loopPlacement(backend, e)}`);
    },
    onProgress: (e: ProgressEvent) =>
      json ? out.line(JSON.stringify({ event: 'progress', ...sweepRun, iteration: e.iteration, scale: e.scale, scales: e.scales, size: e.size, loss: e.loss, losses: e.losses, ms: Math.round(e.ms) })) : view!.update(e),
    stop: () => view?.stop(),
  };
}
