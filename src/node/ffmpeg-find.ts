import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

/** The environment variable naming the ffmpeg program to use (a path); when set, nothing else is looked for. */
export const FFMPEG_ENV = 'STYLEGRAPH_FFMPEG';

/** How to get ffmpeg, for the messages of a video that cannot be read or written without it. */
export const GET_FFMPEG = `install ffmpeg (Debian and Ubuntu: apt install ffmpeg; macOS: brew install ffmpeg; Windows: winget install ffmpeg) or set ${FFMPEG_ENV} to its path`;

/** Where ffmpeg is, or why none was found (one line, to follow "needs ffmpeg: "). */
export type FfmpegLookup = { readonly path: string } | { readonly missing: string };

/**
 * Finds the ffmpeg program: $STYLEGRAPH_FFMPEG when set (that file only: a missing one is not
 * replaced by another), else the first `ffmpeg` (`ffmpeg.exe` on Windows) on $PATH that is an
 * executable file. stylegraph ships no ffmpeg of its own: a system's ffmpeg gets its security fixes,
 * which matters for a program that decodes files from graphs.
 */
export function findFfmpeg(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): FfmpegLookup {
  const chosen = env[FFMPEG_ENV];
  if (chosen !== undefined && chosen !== '') {
    if (!isAbsolute(chosen)) return { missing: `${FFMPEG_ENV} is ${JSON.stringify(chosen)}, which is not an absolute path` };
    return isExecutableFile(chosen) ? { path: chosen } : { missing: `${FFMPEG_ENV} is ${chosen}, which is not an executable file` };
  }
  const name = platform === 'win32' ? 'ffmpeg.exe' : 'ffmpeg';
  for (const dir of (env.PATH ?? env.Path ?? '').split(delimiter)) {
    if (!isAbsolute(dir)) continue; // a relative entry would find a program in whatever folder the run starts in
    const path = join(dir, name);
    if (isExecutableFile(path)) return { path };
  }
  return { missing: `no ffmpeg on PATH and ${FFMPEG_ENV} is not set` };
}

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The one line a node's problem ends with when ffmpeg is missing: "<what> needs ffmpeg: <why>; <how to get it>". */
export function noFfmpegProblem(what: string, missing: string): string {
  return `${what} needs ffmpeg, and none was found (${missing}): ${GET_FFMPEG}`;
}
