/**
 * The engine's frame runs (a graph with a frames source): core's frame loop, as `stylegraph run`
 * runs it (the frames and the optical flow from ../frame-sources.ts), on the first `frames` frames
 * only (the toolbar's choice). Each frame's start, progress, previews and result go to the editor
 * as they come; Stop ends the run after the frame it was in, the finished frames having been sent.
 */
import type { Plan } from '../../core/compile/plan';
import type { RawImage } from '../../core/image/raw-image';
import { runFrames } from '../../core/run/frame-loop';
import type { LiveEvents } from './live-events';
import type { EngineEvent } from '../../core/protocol/engine-messages';
import { frameEnvironment, frameResult } from '../frame-sources';
import type { RunSession } from '../run-session';

export interface FrameJob {
  readonly plan: Plan;
  /** The checked input files, by the path the graph writes. */
  readonly inputs: ReadonlyMap<string, string>;
  readonly readImage: (path: string) => Promise<RawImage>;
  /** Only the first N frames (absent: all). */
  readonly frames?: number;
  readonly name: string;
}

export async function runFrameJob(session: RunSession, job: FrameJob, signal: AbortSignal, reply: (event: EngineEvent) => void, running: () => void, live: LiveEvents): Promise<void> {
  const env = await session.environment(job.plan.graph, job.readImage, signal);
  const sources = await frameEnvironment(job.plan, job.inputs, env, signal);
  const count = (frames: number) => Math.min(frames, job.frames ?? frames);
  const result = await runFrames(job.plan, sources.env, {
    signal,
    source: job.name,
    ...(job.frames !== undefined && { range: { from: 1, to: job.frames } }),
    onFrameStart: (frame, frames) => {
      running();
      reply({ kind: 'frameStart', frame, frames: count(frames) });
    },
    onProgress: (event) => live.progress(event),
    onPreview: (event) => live.preview(event),
    onFrame: (e) => reply({ kind: 'frame', frame: frameResult(e, count(e.frames)) }),
  }).finally(() => sources.close());
  reply({ kind: 'framesDone', status: result.status, finished: result.finished, frames: count(result.frames), seconds: result.seconds });
}
