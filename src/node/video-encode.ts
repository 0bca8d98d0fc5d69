import { once } from 'node:events';
import { readFile, rename, rm } from 'node:fs/promises';
import { ENCODERS, encodeArgs, ffmpegFailure } from './ffmpeg-args';
import { runFfmpeg, startFfmpeg } from './ffmpeg-process';
import { temporaryName } from './temp-names';
import { ioProblem } from './staged-files';

/** The encoder this ffmpeg has for `container` (ENCODERS' first that `ffmpeg -encoders` lists), or undefined. */
export async function videoEncoder(ffmpeg: string, container: 'mp4' | 'webm'): Promise<string | undefined> {
  const run = await runFfmpeg(ffmpeg, ['-hide_banner', '-nostdin', '-encoders']);
  const have = new Set([...run.stdout.matchAll(/^\s*V[.A-Z]{5}\s+(\S+)/gm)].map((m) => m[1]!));
  return ENCODERS[container].find((e) => have.has(e));
}

/**
 * Encodes PNG files (the frames, in order) into the video `target` with ffmpeg (encodeArgs), fed
 * on its stdin: written under a temporary name beside it and renamed into place when ffmpeg has
 * finished, so a failure or `signal` (which kills ffmpeg at once) leaves no video, whole or half.
 * Throws ffmpeg's reason in one line.
 */
export async function encodeVideo(ffmpeg: string, frames: readonly string[], target: string, options: { readonly container: 'mp4' | 'webm'; readonly encoder: string; readonly fps: number; readonly signal?: AbortSignal }): Promise<void> {
  options.signal?.throwIfAborted();
  const temp = temporaryName(target);
  const run = startFfmpeg(ffmpeg, encodeArgs(temp, options.container, options.encoder, options.fps), { stdin: true, ...(options.signal && { signal: options.signal }) });
  const stdin = run.child.stdin!;
  try {
    for (const frame of frames) {
      const data = await readFile(frame);
      if (stdin.destroyed) break;
      if (!stdin.write(data)) await Promise.race([once(stdin, 'drain'), run.done]);
    }
    stdin.end();
    const { code, stderr } = await run.done;
    options.signal?.throwIfAborted();
    if (code !== 0) throw new Error(`ffmpeg could not encode it (${ffmpegFailure(stderr, temp)})`);
    await rename(temp, target).catch((error: NodeJS.ErrnoException) => {
      throw new Error(`cannot move ${temp} to ${target}: ${ioProblem(error)}`);
    });
  } catch (error) {
    run.kill();
    await run.done;
    await rm(temp, { force: true });
    throw error;
  }
}
