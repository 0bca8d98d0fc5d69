/**
 * The host engine (`stylegraph.engine: host`, the default): the page sends intents (run, evaluate,
 * stop, look inside) and draws the events the extension host relays from its engine process, which
 * runs the CLI's run session where the files and the cores are. The VGG-19 weights never come to
 * the page.
 */
import type { Plan } from '../src/core/compile/plan';
import type { EvaluationPlan } from '../src/core/compile/evaluation-plan';
import type { RunResult } from '../src/core/run/executor';
import type { InspectedValue } from '../src/core/inspect/inspected-value';
import { writeCanonical } from '../src/core/graph/canonical';
import type { EngineBackend, EngineEvent, FramesEnded } from '../src/core/protocol/engine-messages';
import type { WebviewMessage } from '../src/core/protocol/messages';
import { engineWatchers, runOutputs, type FinishedEvaluation, type FinishedRun, type FrameRunCallbacks, type RunCallbacks, type RunEngine } from './run-engine';

/** A job's error, with the node to blame when the engine named one; `stopped` when Stop came before the run started. */
export class EngineJobError extends Error {
  constructor(message: string, readonly nodeId?: string, readonly stopped = false, readonly shown = false) {
    super(message);
  }
}

export class HostEngine implements RunEngine {
  readonly kind = 'host' as const;
  private nextJob = 1;
  private readonly jobs = new Map<number, (event: EngineEvent) => void>();
  /** The run or evaluation going now (its job id), for Stop. */
  private current: number | undefined;
  private finished: FinishedRun | undefined;
  private evaluation: FinishedEvaluation | undefined;

  constructor(private readonly post: (message: WebviewMessage) => void, private readonly backendChoice: () => EngineBackend) {}

  get running(): boolean {
    return this.current !== undefined;
  }

  /** An event of one of this page's jobs, as the host relays it. */
  receive(job: number, event: EngineEvent): void {
    this.jobs.get(job)?.(event);
  }

  /** Sends a job and calls `onEvent` with each of its events until the last one (done, evaluated, inspected, error). */
  private job<T>(send: (job: number) => WebviewMessage, onEvent: (event: EngineEvent, resolve: (value: T) => void) => void, tracked: boolean): Promise<T> {
    const id = this.nextJob++;
    if (tracked) this.begin(id);
    return new Promise<T>((resolve, reject) => {
      this.jobs.set(id, (event) => {
        if (event.kind === 'error') reject(new EngineJobError(event.message, event.nodeId, event.stopped === true, event.shown === true));
        else onEvent(event, resolve);
      });
      this.post(send(id));
    }).finally(() => {
      this.jobs.delete(id);
      if (tracked) this.end();
    });
  }

  private begin(job: number): void {
    if (this.current !== undefined) throw new Error('a run is going already');
    this.current = job;
    this.finished = undefined;
    this.evaluation = undefined;
    engineWatchers.forEach((w) => w(this));
  }

  private end(): void {
    this.current = undefined;
    engineWatchers.forEach((w) => w(this));
  }

  /** A run's events before its end: the queue, stage, backend, progress and previews. */
  private static runEvent(event: EngineEvent, callbacks: RunCallbacks): void {
    if (event.kind === 'queued') callbacks.onQueued(event.behind);
    else if (event.kind === 'stage') callbacks.onStage(event.stage);
    else if (event.kind === 'backend') callbacks.onBackend(event.backend, event.threads);
    else if (event.kind === 'loop') callbacks.onLoop?.(event.nativeLoop, event.placement);
    else if (event.kind === 'progress') event.events.forEach((e) => callbacks.onProgress(e));
    else if (event.kind === 'preview') callbacks.onPreview(event.event);
  }

  run(plan: Plan, callbacks: RunCallbacks): Promise<RunResult> {
    return this.job<RunResult>(
      (job) => ({ type: 'engineRun', job, graphText: writeCanonical(plan.graph), backend: this.backendChoice(), needsWeights: true }),
      (event, resolve) => {
        HostEngine.runEvent(event, callbacks);
        if (event.kind === 'done') {
          this.finished = { plan, outputs: runOutputs(plan, event.result), crops: new Map(event.crops) };
          resolve(event.result);
        }
      },
      true,
    );
  }

  /** A frame run on the engine process (core's frame loop, as `stylegraph run`): its first `frames` frames. */
  runFrames(plan: Plan, frames: number | undefined, callbacks: FrameRunCallbacks): Promise<FramesEnded> {
    return this.job<FramesEnded>(
      (job) => ({ type: 'engineRun', job, graphText: writeCanonical(plan.graph), backend: this.backendChoice(), needsWeights: true, ...(frames !== undefined && { frames }) }),
      (event, resolve) => {
        HostEngine.runEvent(event, callbacks);
        if (event.kind === 'frameStart') callbacks.onFrameStart(event.frame, event.frames);
        else if (event.kind === 'frame') callbacks.onFrame(event.frame);
        else if (event.kind === 'framesDone') resolve({ status: event.status, finished: event.finished, frames: event.frames, seconds: event.seconds });
      },
      true,
    );
  }

  evaluate(plan: EvaluationPlan, callbacks: Pick<RunCallbacks, 'onBackend' | 'onQueued'>): Promise<FinishedEvaluation | undefined> {
    const needsWeights = plan.nodes.some((p) => p.def.role === 'features');
    return this.job<FinishedEvaluation | undefined>(
      (job) => ({ type: 'engineEvaluate', job, graphText: writeCanonical(plan.graph), backend: this.backendChoice(), needsWeights }),
      (event, resolve) => {
        if (event.kind === 'queued') callbacks.onQueued(event.behind);
        else if (event.kind === 'backend') callbacks.onBackend(event.backend, event.threads);
        else if (event.kind === 'evaluated') {
          this.evaluation = event.stopped ? undefined : { results: event.results, images: new Map(event.images), scalars: new Map(event.scalars), seconds: event.seconds };
          resolve(this.evaluation);
        }
      },
      true,
    );
  }

  inspect(nodeId: string, channels?: readonly number[]): Promise<InspectedValue> {
    return this.job<InspectedValue>(
      (job) => ({ type: 'engineInspect', job, nodeId, ...(channels && { channels: [...channels] }) }),
      (event, resolve) => event.kind === 'inspected' && resolve(event.value),
      false,
    );
  }

  stop(): void {
    if (this.current !== undefined) this.post({ type: 'engineStop', job: this.current });
  }

  get lastRun(): FinishedRun | undefined {
    return this.finished;
  }

  get lastEvaluation(): FinishedEvaluation | undefined {
    return this.evaluation;
  }
}
