/**
 * What a frame run needs in Node, for `stylegraph run` (cli/frame-run.ts) and the editor's engine
 * (engine/engine-frames.ts) alike: the frames source's folder, listed and checked again at run
 * time (the frames are the ones there now), or its video file, decoded by ffmpeg as the run asks;
 * and Farneback's optical flow (for the graph's flow nodes, and for each frame's temporal error).
 */
import { stat } from 'node:fs/promises';
import type { Plan } from '../core/compile/plan';
import { NodeRunError } from '../core/nodes/types';
import { framesNode, type FrameEnvironment, type FrameEvent, type FrameSequence } from '../core/run/frame-loop';
import type { RunEnvironment } from '../core/run/executor';
import type { FrameResult } from '../core/protocol/engine-messages';
import { checkFrameFolder, folderFrames } from './frame-files';
import { maxPixelsFromEnv } from './image-file';
import { farnebackFlow } from './optical-flow';
import { quote } from '../core/text/quote';
import { findFfmpeg, noFfmpegProblem } from './ffmpeg-find';
import { probeVideo, videoFrames, VideoFileError } from './video-file';

/**
 * `env` with the frames of `plan`'s frames source (its path resolved through `inputs`, the checked
 * input files by the path the graph writes) and an optical flow (env's, else Farneback's);
 * `close` ends the ffmpeg of a video source (call it when the run ends, however it ends).
 */
export async function frameEnvironment(plan: Plan, inputs: ReadonlyMap<string, string>, env: RunEnvironment, signal: AbortSignal): Promise<{ env: FrameEnvironment; close(): void }> {
  const node = framesNode(plan)!;
  const opticalFlow = env.opticalFlow ?? await farnebackFlow();
  const videos: { close(): void }[] = [];
  const frames = async (path: string): Promise<FrameSequence> => {
    const found = inputs.get(path)!;
    if (!(await stat(found)).isDirectory()) {
      const video = await openVideo(found, path, node.node.id, signal);
      videos.push(video);
      return video;
    }
    const checked = await checkFrameFolder(found, path, maxPixelsFromEnv());
    if (checked.problems.length) throw new NodeRunError(node.node.id, `path ${checked.problems[0]!}`);
    return folderFrames(found, checked.files, { signal });
  };
  return { env: { ...env, opticalFlow, frames }, close: () => videos.forEach((v) => v.close()) };
}

/** A frames source's video file (checked before the run: checkInputFiles), probed again and decoded as the run asks; `close` ends its ffmpeg. */
async function openVideo(path: string, raw: string, nodeId: string, signal: AbortSignal): Promise<FrameSequence & { close(): void }> {
  const maxPixels = maxPixelsFromEnv();
  const ffmpeg = findFfmpeg();
  if ('missing' in ffmpeg) throw new NodeRunError(nodeId, `path ${quote(raw)}: ${noFfmpegProblem('reading a video file', ffmpeg.missing)}`);
  const header = await probeVideo(ffmpeg.path, path, maxPixels, signal).catch((error: Error) => {
    throw error instanceof VideoFileError ? new NodeRunError(nodeId, `path ${quote(raw)} ${error.detail}`) : error;
  });
  return videoFrames(ffmpeg.path, path, header, maxPixels, { signal });
}

/** A finished frame as the editor's engine reports it; `frames` is the count of frames the run runs (a first N of the sequence's). */
export function frameResult(e: FrameEvent, frames: number = e.frames): FrameResult {
  return {
    frame: e.frame, frames, sourceIndex: e.sourceIndex, image: e.image, loss: e.loss,
    ...(e.temporalError !== undefined && { temporalError: e.temporalError }), iterations: e.iterations, seconds: e.seconds,
  };
}
