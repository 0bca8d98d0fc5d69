/**
 * A frame run in the editor (a graph with a frames source): the engine runs its first N frames
 * (the toolbar's choice) at the run size; each frame's previews go to the large preview, each
 * finished frame to the strip (frame-strip.ts), and the loss chart and progress count on across
 * the frames, a mark where each frame starts. The webview engine has no frame runs: one message
 * says so, on the frames node.
 */
import type { Plan } from '../src/core/compile/plan';
import { plottedTerms } from '../src/core/compile/plotted-terms';
import { LossRecorder } from '../src/core/history/loss-recorder';
import type { RawImage } from '../src/core/image/raw-image';
import { NodeRunError } from '../src/core/nodes/types';
import type { FrameResult, FramesEnded } from '../src/core/protocol/engine-messages';
import { framesNode, iterationsPerFrame } from '../src/core/run/frame-loop';
import { drawImage } from './browser-images';
import { FrameRunClock, frameRunIterations } from './frame-strip-model';
import type { FrameStrip } from './frame-strip';
import type { LossChart } from './loss-chart';
import type { Previews } from './previews';
import type { RunCallbacks, RunEngine } from './run-engine';
import type { Toolbar } from './toolbar';

export interface FrameRunViews {
  readonly toolbar: Toolbar;
  readonly previews: Previews;
  readonly chart: LossChart;
  readonly strip: FrameStrip;
}

/** What a frame run leaves: how it ended, its last finished frame, and its losses counted on across frames. */
export interface FrameRunOutcome {
  readonly ended: FramesEnded;
  readonly last: FrameResult | undefined;
  readonly recorder: LossRecorder;
  /** The iterations of the frames that ran, together. */
  readonly iterations: number;
}

export const WEBVIEW_ENGINE_FRAMES = 'A graph with frames runs on the host engine: set stylegraph.engine to "host" (the webview engine runs single images; the frame folder and the optical flow are read in Node).';

/** `shown`: called with each image the large preview shows (Save image saves it). */
export async function runFrameGraph(engine: RunEngine, plan: Plan, count: number | undefined, views: FrameRunViews, stages: Pick<RunCallbacks, 'onStage' | 'onBackend' | 'onQueued'>, shown: (image: RawImage) => void): Promise<FrameRunOutcome> {
  const node = framesNode(plan)!;
  if (!engine.runFrames) throw new NodeRunError(node.node.id, WEBVIEW_ENGINE_FRAMES);
  const { toolbar, previews, chart, strip } = views;
  const first = Number(plan.optimizer.params.iterations);
  const perFrame = iterationsPerFrame(plan, node);
  const lossIds = plottedTerms(plan);
  const totalId = plan.loss.id;
  const fed = new Set(plan.outputs.filter((p) => p.inputs.get('image')?.[0]?.node === plan.optimizer).map((p) => p.node.id));
  const outs = previews.outputCanvases(plan.graph);
  const recorder = new LossRecorder(plan.loss.id, plan.reported);
  let clock = new FrameRunClock(frameRunIterations(first, perFrame, count ?? 1));
  let last: FrameResult | undefined;
  let iterations = 0;
  const showLarge = (image: RawImage, iteration: number) => {
    previews.show(image, iteration);
    shown(image);
  };
  chart.reset();
  strip.reset();
  toolbar.startProgress(frameRunIterations(first, perFrame, count ?? 1));
  const ended = await engine.runFrames(plan, count, {
    ...stages,
    onFrameStart: (frame, frames) => {
      if (frame === 1) {
        clock = new FrameRunClock(frameRunIterations(first, perFrame, frames));
        toolbar.startProgress(frameRunIterations(first, perFrame, frames));
      }
      const after = clock.startFrame();
      if (frame > 1) chart.markScale(after + 1);
      strip.start(frame, frames);
      toolbar.setRunState('running', `running frame ${frame} of ${frames}`);
    },
    onProgress: (frameEvent) => {
      const e = clock.progress(frameEvent);
      toolbar.showProgress(e.iteration, e.iterations, e.ms);
      recorder.add(e);
      chart.addPoint(e.iteration, e.losses, totalId, lossIds);
    },
    onPreview: (e) => {
      if (!strip.followsRun) return;
      showLarge(e.image, clock.iteration(e.iteration));
      for (const [id, c] of outs) if (fed.has(id)) drawImage(c, e.image);
    },
    onFrame: (result) => {
      last = result;
      iterations += result.iterations;
      if (strip.finish(result)) showLarge(result.image, clock.iteration(result.iterations));
    },
  });
  strip.end();
  return { ended, last, recorder, iterations };
}
