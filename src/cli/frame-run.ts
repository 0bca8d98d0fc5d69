import { access } from 'node:fs/promises';
import type { RunArgs } from './args';
import type { CliOutput } from './cli-output';
import { outputError, type RunFiles } from './run-files';
import type { Plan } from '../core/compile/plan';
import { framePath } from '../core/paths/frame-pattern';
import { runFrames, type FrameEvent } from '../core/run/frame-loop';
import type { RunEnvironment } from '../core/run/executor';
import { encodePng, readImageFile } from '../node/image-file';
import { stageFiles } from '../node/staged-files';
import { frameEnvironment } from '../node/frame-sources';
import { writeVideo } from './frame-video';

/**
 * `stylegraph run` on a graph with a frames source: one run per frame (core/run/frame-loop.ts), each
 * finished frame written at once (its result at --out's frame path, each image.output at its own,
 * all or nothing for that frame), so Ctrl-C keeps the finished frames. Returns the exit code (0
 * done, 130 cancelled). --json prints a frame event after each frame.
 */
export async function frameRun(plan: Plan, files: RunFiles, env: RunEnvironment, args: RunArgs, out: CliOutput, signal: AbortSignal): Promise<number> {
  // The frames are listed (or the video probed) again there, so they are the ones there now.
  const sources = await frameEnvironment(plan, files.inputs, env, signal);
  const finishedFrame = async (frame: number) => {
    const path = framePath(files.target, frame);
    return access(path).then(() => readImageFile(path, { signal }), () => undefined);
  };
  let written = 0;
  const onFrame = async (e: FrameEvent) => {
    const image = framePath(files.target, e.frame);
    const staged = await stageFiles([
      { path: image, data: encodePng(e.image), fail: (why) => outputError(args.out, undefined, why) },
      ...e.outputs.flatMap((output) => {
        const path = files.outputs.get(output.nodeId);
        return path === undefined ? [] : [{ path: framePath(path, e.frame), data: encodePng(output.image), fail: (why: string) => outputError(args.out, output.nodeId, why) }];
      }),
    ]);
    await staged.commit();
    written++;
    if (args.json) out.line(JSON.stringify({ event: 'frame', frame: e.frame, frames: e.frames, image, loss: e.loss, ...(e.temporalError !== undefined && { temporalError: e.temporalError }), seconds: e.seconds }));
    else out.log(`frame ${e.frame}/${e.frames}: wrote ${image} (loss ${e.loss.toPrecision(4)}${e.temporalError === undefined ? '' : `, temporal error ${e.temporalError.toFixed(1)}`}) in ${e.seconds.toFixed(1)} s`);
  };
  // Ctrl-C while a frame is read (a video's ffmpeg killed) ends the run as cancelled, as within a frame.
  const result = await runFrames(plan, { ...sources.env, finishedFrame }, { signal, onFrame, source: args.graph, ...(args.frames && { range: args.frames }) })
    .catch((error: unknown) => {
      if (!signal.aborted) throw error;
      return { status: 'cancelled' as const, finished: written };
    })
    .finally(() => sources.close());
  if (result.status === 'cancelled') {
    if (args.json) out.line(JSON.stringify({ event: 'cancelled', frames: result.finished }));
    out.log(`cancelled; the ${result.finished} finished frame${result.finished === 1 ? '' : 's'} are kept`);
    return 130;
  }
  for (const video of files.videos.values()) await writeVideo(video, files.target, result.frames, args, out, signal);
  if (args.json) out.line(JSON.stringify({ event: 'done', out: framePath(files.target, 1), frames: result.finished, seconds: result.seconds }));
  else out.log(`wrote ${result.finished} frames in ${result.seconds.toFixed(1)} s`);
  return 0;
}
