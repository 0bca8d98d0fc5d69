/**
 * Where the editor's runs compute: the host's engine process (host-engine.ts, the default) or the
 * page's own tfjs (runner.ts, `stylegraph.engine: webview`). The run controller, the Look inside
 * panel and the thumbnails see only this interface.
 */
import type { Plan } from '../src/core/compile/plan';
import type { EvaluationPlan } from '../src/core/compile/evaluation-plan';
import type { PreviewEvent, ProgressEvent, RunResult } from '../src/core/run/executor';
import type { EvaluationResult } from '../src/core/run/evaluate-once';
import type { RawImage } from '../src/core/image/raw-image';
import type { InspectedValue } from '../src/core/inspect/inspected-value';
import type { FrameResult, FramesEnded } from '../src/core/protocol/engine-messages';

export type EngineKind = 'host' | 'webview';

export interface RunCallbacks {
  readonly onStage: (stage: 'loading' | 'running') => void;
  /** The backend the run got (and its threads). */
  readonly onBackend: (backend: string, threads: number) => void;
  /** Where the iterations compute (loop-placement.ts), before the first. */
  readonly onLoop?: (nativeLoop: boolean, placement: string) => void;
  /** The run waits behind another editor's job (host engine only). */
  readonly onQueued: (behind: string) => void;
  readonly onProgress: (event: ProgressEvent) => void;
  readonly onPreview: (event: PreviewEvent) => void;
}

/** A frame run's callbacks: each frame's progress and previews count from its own start. */
export interface FrameRunCallbacks extends RunCallbacks {
  readonly onFrameStart: (frame: number, frames: number) => void;
  readonly onFrame: (result: FrameResult) => void;
}

/** What a finished run leaves to show: its plan, and the images for the nodes. */
export interface FinishedRun {
  readonly plan: Plan;
  /** Each image.output node's image: the run's, or (stopped early) the generated image for those the optimizer feeds. */
  readonly outputs: ReadonlyMap<string, RawImage>;
  /** The images of the nodes that show their own (face crops), computed from what the run left, or why there is none. */
  readonly crops: ReadonlyMap<string, RawImage | string>;
}

/** What an evaluation (a graph without an optimizer) leaves to show on the nodes. */
export interface FinishedEvaluation {
  readonly results: readonly EvaluationResult[];
  /** The images of the kept nodes whose value is an image (face crops), by node id. */
  readonly images: ReadonlyMap<string, RawImage>;
  /** The values of the kept nodes whose value is a scalar (distances), by node id. */
  readonly scalars: ReadonlyMap<string, number>;
  readonly seconds: number;
}

/** A run that ended with a status (done or stopped), or failed before it started (thrown). */
export interface RunEngine {
  readonly kind: EngineKind;
  readonly running: boolean;
  run(plan: Plan, callbacks: RunCallbacks): Promise<RunResult>;
  /** Runs a graph with a frames source, its first `frames` frames (undefined: all); absent where the engine has no frame runs. */
  readonly runFrames?: (plan: Plan, frames: number | undefined, callbacks: FrameRunCallbacks) => Promise<FramesEnded>;
  /** Evaluates a graph without an optimizer once; undefined when stopped. */
  evaluate(plan: EvaluationPlan, callbacks: Pick<RunCallbacks, 'onBackend' | 'onQueued'>): Promise<FinishedEvaluation | undefined>;
  stop(): void;
  /** A features or Gram node of the last run: the channels asked for, or the most active. */
  inspect(nodeId: string, channels?: readonly number[]): Promise<InspectedValue>;
  /** The last run, once it has ended (undefined while one runs, or when the last one failed or was an evaluation). */
  readonly lastRun: FinishedRun | undefined;
  readonly lastEvaluation: FinishedEvaluation | undefined;
}

/** Told when the engine's run or evaluation starts or ends (the Look inside panel, thumbnails and result marks watch it here). */
export const engineWatchers = new Set<(engine: RunEngine) => void>();

/** The image.output images of a finished run: its own, or the generated image for those the optimizer feeds when it stopped early. */
export function runOutputs(plan: Plan, result: RunResult): Map<string, RawImage> {
  const outputs = new Map(result.outputs.map((o) => [o.nodeId, o.image]));
  for (const p of plan.outputs) if (!outputs.has(p.node.id) && p.inputs.get('image')?.[0]?.node === plan.optimizer) outputs.set(p.node.id, result.image);
  return outputs;
}
