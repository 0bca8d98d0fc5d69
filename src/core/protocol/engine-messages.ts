/**
 * The editor's engine: what the extension host asks of its engine process (a Node child process
 * running the CLI's run session) and what comes back. The host relays the events to the webview
 * that asked, as `engineEvent` messages, so both hops carry the same EngineEvent.
 */
import type { PreviewEvent, ProgressEvent, RunResult } from '../run/executor';
import type { EvaluationResult } from '../run/evaluate-once';
import type { RawImage } from '../image/raw-image';
import type { InspectedValue } from '../inspect/inspected-value';

/** The engine's backends (the CLI's --backend choices). */
export const ENGINE_BACKENDS = ['auto', 'onnx', 'wasm', 'webgpu', 'cpu'] as const;
export type EngineBackend = (typeof ENGINE_BACKENDS)[number];

/** What one job reads: the graph as the editor holds it (its text, the run size already applied) and where its files are. */
export interface GraphJob {
  /** The job's id, unique per client. */
  readonly job: number;
  /** One per editor: its last run is kept for looking inside, until the editor closes (`forget`). */
  readonly client: string;
  readonly graphText: string;
  /** The graph file on disk: relative image paths start from its folder. */
  readonly graphPath: string;
  /** The folders image paths must stay inside (the workspace folders). */
  readonly roots: readonly string[];
  readonly backend: EngineBackend;
  /** The VGG-19 weights file (as `stylegraph run --weights` takes), when the graph needs it. */
  readonly weights?: string;
  /** Graph name for messages. */
  readonly name: string;
  /** A frame run (a graph with a frames source): only its first `frames` frames (absent: all). */
  readonly frames?: number;
}

/** One finished frame of a frame run, as the editor shows it (core's FrameEvent without its files' images and stats). */
export interface FrameResult {
  /** From 1, of `frames`: the frames this run runs (the toolbar's first N, or all). */
  readonly frame: number;
  readonly frames: number;
  /** Its index in the sequence the frames node names, from 0. */
  readonly sourceIndex: number;
  /** The frame's result (the generated image, clipped). */
  readonly image: RawImage;
  /** The optimizer's loss at the frame's last iteration. */
  readonly loss: number;
  /** Ruder et al.'s stability measure (0-255 units); absent on a first frame. */
  readonly temporalError?: number;
  readonly iterations: number;
  readonly seconds: number;
}

/** How a frame run ended: done, or cancelled after `finished` frames (their results came as `frame` events). */
export interface FramesEnded {
  readonly status: 'done' | 'cancelled';
  readonly finished: number;
  readonly frames: number;
  readonly seconds: number;
}

/** Host -> engine process. */
export type EngineRequest =
  | ({ readonly type: 'run' } & GraphJob)
  | ({ readonly type: 'evaluate' } & GraphJob)
  /** The value of a node of the client's last run (the channels asked, or the most active). */
  | { readonly type: 'inspect'; readonly job: number; readonly client: string; readonly nodeId: string; readonly channels?: readonly number[] }
  /** Stops the client's job (a run stops within one iteration). */
  | { readonly type: 'stop'; readonly client: string; readonly job: number }
  /** Starts the backend and loads the weights now, at low priority, so the first Run does not wait for them. */
  | { readonly type: 'prepare'; readonly backend: EngineBackend; readonly weights: string }
  /** The client's editor closed: its last run is dropped. */
  | { readonly type: 'forget'; readonly client: string };

/** What a finished run hands back besides its result: the images of the nodes that show one (face crops), or why there is none. */
export interface RunExtras {
  readonly crops: readonly (readonly [string, RawImage | string])[];
}

export type EngineEvent =
  /** Waiting behind another editor's job (the engine runs one job at a time). */
  | { readonly kind: 'queued'; readonly behind: string }
  | { readonly kind: 'stage'; readonly stage: 'loading' | 'running' }
  /** The backend the job runs on, and its threads (wasm's pool; onnxruntime's intra-op threads). */
  | { readonly kind: 'backend'; readonly backend: string; readonly threads: number }
  /** Where the run's iterations compute (RunStart, and loop-placement.ts's words for it), before the first. */
  | { readonly kind: 'loop'; readonly nativeLoop: boolean; readonly placement: string }
  /** Iterations' progress, in order: a batch of those since the last (src/node/engine/progress-batches.ts). */
  | { readonly kind: 'progress'; readonly events: readonly ProgressEvent[] }
  | { readonly kind: 'preview'; readonly event: PreviewEvent }
  | ({ readonly kind: 'done'; readonly result: RunResult } & RunExtras)
  /** A frame run: frame `frame` of `frames` starts (its progress, from iteration 1, and previews follow). */
  | { readonly kind: 'frameStart'; readonly frame: number; readonly frames: number }
  /** A frame run: a frame finished. */
  | { readonly kind: 'frame'; readonly frame: FrameResult }
  /** A frame run ended (its last event). */
  | ({ readonly kind: 'framesDone' } & FramesEnded)
  /** An evaluation's results; `stopped` when Stop came before it ended (its results are dropped). */
  | {
      readonly kind: 'evaluated';
      readonly results: readonly EvaluationResult[];
      readonly images: readonly (readonly [string, RawImage])[];
      readonly scalars: readonly (readonly [string, number])[];
      readonly seconds: number;
      readonly stopped: boolean;
    }
  | { readonly kind: 'inspected'; readonly value: InspectedValue }
  /**
   * The job failed (the message names the node where one is to blame), or was stopped before its
   * run started; `shown` when the host has shown it already (a notification with buttons that fix it).
   */
  | { readonly kind: 'error'; readonly message: string; readonly nodeId?: string; readonly stopped?: true; readonly shown?: true };

/** Engine process -> host: an event of one client's job. */
export interface EngineReply {
  readonly client: string;
  readonly job: number;
  readonly event: EngineEvent;
}

/** Whether a value (from a message) names one of the engine's backends. */
export function isEngineBackend(value: unknown): value is EngineBackend {
  return typeof value === 'string' && (ENGINE_BACKENDS as readonly string[]).includes(value);
}

/** Whether an event ends its job. */
export function endsJob(event: EngineEvent): boolean {
  return event.kind === 'done' || event.kind === 'framesDone' || event.kind === 'evaluated' || event.kind === 'inspected' || event.kind === 'error';
}
