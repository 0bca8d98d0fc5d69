import { access } from 'node:fs/promises';
import type { RunArgs } from './args';
import type { CliOutput } from './cli-output';
import { framePath } from '../core/paths/frame-pattern';
import { NodeRunError } from '../core/nodes/types';
import { encodeVideo } from '../node/video-encode';
import type { VideoOutput } from '../node/video-outputs';

/**
 * After a finished frame run: encodes frames 1..`frames` at --out (this run's and, after a --frames
 * range, the earlier runs') into a video output's file; when some are not there (a range run on
 * its own), says so and writes nothing. --json prints a video event.
 */
export async function writeVideo(video: VideoOutput & { readonly path: string }, target: string, frames: number, args: RunArgs, out: CliOutput, signal: AbortSignal): Promise<void> {
  const started = performance.now();
  const paths = Array.from({ length: frames }, (_, k) => framePath(target, k + 1));
  const missing: number[] = [];
  for (const [k, path] of paths.entries()) await access(path).catch(() => missing.push(k + 1));
  if (missing.length) {
    out.log(`note: node "${video.nodeId}": ${video.path} not written: frame ${missing[0]} of ${frames} is not at ${paths[missing[0]! - 1]}${missing.length > 1 ? ` (nor ${missing.length - 1} more)` : ''}; run every frame (--frames ${missing[0]}..${missing[missing.length - 1]})`);
    return;
  }
  await encodeVideo(video.ffmpeg, paths, video.path, { container: video.container, encoder: video.encoder, fps: video.fps, signal }).catch((error: Error) => {
    throw signal.aborted ? error : new NodeRunError(video.nodeId, `path: cannot write ${video.path}: ${error.message}`);
  });
  const seconds = (performance.now() - started) / 1000;
  if (args.json) out.line(JSON.stringify({ event: 'video', node: video.nodeId, path: video.path, frames, fps: video.fps, seconds }));
  else out.log(`wrote ${video.path} (${frames} frames, ${video.fps} fps, ${video.encoder}) in ${seconds.toFixed(1)} s`);
}
