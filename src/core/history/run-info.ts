import type { Plan } from '../compile/plan';
import type { RunResult } from '../run/executor';
import type { LossRecorder } from './loss-recorder';
import type { RunInfo } from './run-record';

/** run.json's fields of a finished run (format, version and the graph's file name are the writer's). */
export function runInfo(
  plan: Plan,
  run: { readonly started: Date; readonly backend: string; readonly result: Pick<RunResult, 'status' | 'image' | 'iterations' | 'seconds'>; readonly recorder: LossRecorder; readonly sweep?: RunInfo['sweep'] },
): Omit<RunInfo, 'format' | 'version' | 'graph'> {
  const { result } = run;
  const losses = run.recorder.final();
  return {
    started: run.started.toISOString(),
    status: result.status,
    backend: run.backend,
    size: [result.image.height, result.image.width],
    seed: plan.generated.node.params.seed as number,
    iterations: result.iterations,
    seconds: result.seconds,
    loss: losses[plan.loss.id] ?? null,
    losses,
    ...(run.sweep && { sweep: run.sweep }),
  };
}
