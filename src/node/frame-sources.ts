/**
 * What a frame run needs in Node, for `stylegraph run` (cli/frame-run.ts) and the editor's engine
 * (engine/engine-frames.ts) alike: the frames source's folder, listed and checked again at run
 * time (the frames are the ones there now), and Farneback's optical flow (for the graph's flow
 * nodes, and for each frame's temporal error).
 */
import type { Plan } from '../core/compile/plan';
import { NodeRunError } from '../core/nodes/types';
import { framesNode, type FrameEnvironment, type FrameEvent, type FrameSequence } from '../core/run/frame-loop';
import type { RunEnvironment } from '../core/run/executor';
import type { FrameResult } from '../core/protocol/engine-messages';
import { checkFrameFolder, folderFrames } from './frame-files';
import { maxPixelsFromEnv } from './image-file';
import { farnebackFlow } from './optical-flow';

/**
 * `env` with the frames of `plan`'s frames source (its path resolved through `inputs`, the checked
 * input files by the path the graph writes) and an optical flow (env's, else Farneback's).
 */
export async function frameEnvironment(plan: Plan, inputs: ReadonlyMap<string, string>, env: RunEnvironment, signal: AbortSignal): Promise<FrameEnvironment> {
  const node = framesNode(plan)!;
  const opticalFlow = env.opticalFlow ?? await farnebackFlow();
  const frames = async (path: string): Promise<FrameSequence> => {
    const folder = inputs.get(path)!;
    const checked = await checkFrameFolder(folder, path, maxPixelsFromEnv());
    if (checked.problems.length) throw new NodeRunError(node.node.id, `path ${checked.problems[0]!}`);
    return folderFrames(folder, checked.files, { signal });
  };
  return { ...env, opticalFlow, frames };
}

/** A finished frame as the editor's engine reports it; `frames` is the count of frames the run runs (a first N of the sequence's). */
export function frameResult(e: FrameEvent, frames: number = e.frames): FrameResult {
  return {
    frame: e.frame, frames, sourceIndex: e.sourceIndex, image: e.image, loss: e.loss,
    ...(e.temporalError !== undefined && { temporalError: e.temporalError }), iterations: e.iterations, seconds: e.seconds,
  };
}
