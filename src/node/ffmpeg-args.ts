import { isAbsolute } from 'node:path';

/**
 * ffmpeg's name for a local file: `file:` and its absolute path, so that no path from a graph is
 * taken as an option (a leading -) or as another protocol (concat:, http:, subfile:).
 */
export function ffmpegFile(path: string): string {
  if (!isAbsolute(path)) throw new Error(`ffmpeg is given absolute paths only, not ${JSON.stringify(path)}`);
  return `file:${path}`;
}

/** Every call: no banner or prompts (stdin is never read as keys). */
const QUIET = ['-hide_banner', '-nostdin'];

/**
 * Reads a video's header and counts its frames without decoding them (the first video stream
 * copied to the null muxer; its count on stdout through -progress). The banner stays (the version
 * picks the decode options); `-max_pixels` stops the decoder that probing opens from allocating a
 * frame over the pixel limit.
 */
export function probeArgs(path: string, maxPixels: number): string[] {
  return ['-nostdin', '-nostats', '-max_pixels', String(maxPixels), '-i', ffmpegFile(path), '-map', '0:v:0', '-c', 'copy', '-progress', 'pipe:1', '-f', 'null', '-'];
}

/**
 * Decodes the first video stream to raw RGBA frames on stdout, one output frame per decoded frame
 * (no frame dropped or repeated for a frame rate), each width x height x 4 bytes.
 */
export function decodeArgs(path: string, maxPixels: number, version: FfmpegVersion | undefined): string[] {
  return [...QUIET, '-loglevel', 'error', '-max_pixels', String(maxPixels), '-i', ffmpegFile(path), '-map', '0:v:0', ...passthrough(version), '-f', 'rawvideo', '-pix_fmt', 'rgba', 'pipe:1'];
}

/** ffmpeg 5.1 renamed -vsync to -fps_mode (and later ones drop -vsync); an unknown version (a git build) is taken as new. */
function passthrough(version: FfmpegVersion | undefined): string[] {
  const old = version !== undefined && (version.major < 5 || (version.major === 5 && version.minor < 1));
  return old ? ['-vsync', 'passthrough'] : ['-fps_mode', 'passthrough'];
}

/** The encoders video.output uses for each container, the first one the ffmpeg has. */
export const ENCODERS: Readonly<Record<'mp4' | 'webm', readonly string[]>> = {
  mp4: ['libx264'],
  webm: ['libvpx-vp9', 'libvpx'],
};

/**
 * Encodes PNG frames read from stdin into `path` (a temporary name: the container is given, not
 * guessed from it): `encoder` with yuv420p, an odd width or height padded by one black pixel (4:2:0
 * needs even sizes).
 */
export function encodeArgs(path: string, container: 'mp4' | 'webm', encoder: string, fps: number): string[] {
  const codec = encoder === 'libx264'
    ? ['-c:v', 'libx264', '-preset', 'medium', '-crf', '18', '-movflags', '+faststart']
    : encoder === 'libvpx'
      ? ['-c:v', 'libvpx', '-b:v', '10M', '-crf', '10']
      : ['-c:v', encoder, '-b:v', '0', '-crf', '31', '-row-mt', '1'];
  return [
    ...QUIET, '-loglevel', 'error', '-f', 'image2pipe', '-c:v', 'png', '-framerate', String(fps), '-i', 'pipe:0',
    '-vf', 'pad=ceil(iw/2)*2:ceil(ih/2)*2', '-pix_fmt', 'yuv420p', ...codec, '-an', '-f', container, '-y', ffmpegFile(path),
  ];
}

export interface FfmpegVersion {
  readonly major: number;
  readonly minor: number;
}

/** What the probe tells of a video. */
export interface VideoHeader {
  /** The size of its frames as decoded (a rotation of 90 or 270 degrees swaps the stream's width and height). */
  readonly width: number;
  readonly height: number;
  readonly frames: number;
  readonly version?: FfmpegVersion;
}

/**
 * The header of a probe's output (probeArgs: the banner and the input's streams on stderr, the
 * frame count on stdout), or why there is none (one line).
 */
export function parseProbe(stderr: string, stdout: string): VideoHeader | { readonly problem: string } {
  const input = stderr.split(/^Output #0/m)[0]!;
  const stream = /^\s*Stream #0:\d+.*?: Video: (.*)$/m.exec(input);
  const size = stream && /, (\d+)x(\d+)(?=[\s,[]|$)/.exec(stream[1]!);
  if (!size) return { problem: NO_VIDEO_STREAM };
  const rotation = /rotation of (-?\d+(?:\.\d+)?) degrees/.exec(input);
  const turned = rotation !== null && Math.abs(Math.round(Number(rotation[1]) / 90)) % 2 === 1;
  const [width, height] = turned ? [Number(size[2]), Number(size[1])] : [Number(size[1]), Number(size[2])];
  const counts = [...stdout.matchAll(/^frame=(\d+)$/gm)];
  const frames = counts.length ? Number(counts[counts.length - 1]![1]) : 0;
  const v = /^ffmpeg version n?(\d+)\.(\d+)/m.exec(stderr);
  return { width, height, frames, ...(v && { version: { major: Number(v[1]), minor: Number(v[2]) } }) };
}

/** ffmpegFailure's line for a file without a video stream (audio only). */
export const NO_VIDEO_STREAM = 'has no video stream';

/** Lines ffmpeg adds after its error that say nothing about it. */
const NOISE = /^(To ignore this|Conversion failed!|Exiting normally|Error opening output files?|Error opening input files?:?$)/;

/**
 * ffmpeg's reason for failing, in one line of at most 200 characters: its last line of substance,
 * without the file name it starts with (the caller names the file) or the [codec @ 0x…] tags.
 */
export function ffmpegFailure(stderr: string, path?: string): string {
  if (/Stream map '0:v:0' matches no streams/.test(stderr)) return NO_VIDEO_STREAM;
  const lines = stderr.split(/\r?\n|\r/).map((l) => l.trim()).filter((l) => l !== '' && !NOISE.test(l) && !/^(frame|progress)=/.test(l));
  let line = lines[lines.length - 1] ?? 'no message';
  if (path !== undefined) line = line.split(ffmpegFile(path)).join('the file').split(path).join('the file');
  line = line.replace(/\[[^\]]*@ 0x[0-9a-f]+\] /g, '').replace(/^the file: /, '');
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}
