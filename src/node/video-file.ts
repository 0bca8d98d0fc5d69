import type { Readable } from 'node:stream';
import type { FrameSequence } from '../core/run/frame-loop';
import type { RawImage } from '../core/image/raw-image';
import { pixelLimitProblem } from '../core/image/pixel-limit';
import { decodeArgs, ffmpegFailure, NO_VIDEO_STREAM, parseProbe, probeArgs, type VideoHeader } from './ffmpeg-args';
import { runFfmpeg, startFfmpeg, type FfmpegProcess } from './ffmpeg-process';

/** Why a video cannot be used, worded to follow its name as the graph writes it ("cannot be read as a video: …"). */
export class VideoFileError extends Error {
  constructor(readonly path: string, readonly detail: string) {
    super(`${path} ${detail}`);
    this.name = 'VideoFileError';
  }
}

/**
 * Reads a video's header with ffmpeg (the first video stream's size and its number of frames,
 * counted without decoding them) and checks the size against `maxPixels` before any frame is
 * decoded; throws a VideoFileError (ffmpeg's reason in one line) when it is not a video it can read.
 */
export async function probeVideo(ffmpeg: string, path: string, maxPixels: number, signal?: AbortSignal): Promise<VideoHeader> {
  const run = await runFfmpeg(ffmpeg, probeArgs(path, maxPixels), signal);
  const header = parseProbe(run.stderr, run.stdout);
  if (run.code !== 0) {
    const why = ffmpegFailure(run.stderr, path);
    throw new VideoFileError(path, why === NO_VIDEO_STREAM ? why : `cannot be read as a video (ffmpeg: ${why})`);
  }
  if ('problem' in header) throw new VideoFileError(path, header.problem);
  const tooLarge = pixelLimitProblem(header.width, header.height, maxPixels);
  if (tooLarge) throw new VideoFileError(path, tooLarge);
  if (header.frames === 0) throw new VideoFileError(path, 'has no video frames');
  return header;
}

/**
 * The frames of a probed video, decoded by one ffmpeg to raw RGBA on a pipe as the run asks for
 * them: in order, each read once (frames skipped over are read and dropped; asking for an earlier
 * frame starts ffmpeg again). `signal` kills ffmpeg at once; `close` ends it after the run.
 */
export function videoFrames(ffmpeg: string, path: string, header: VideoHeader, maxPixels: number, options: { readonly signal?: AbortSignal } = {}): FrameSequence & { close(): void } {
  const bytes = header.width * header.height * 4;
  let decoder: { run: FfmpegProcess; reader: PieceReader; next: number } | undefined;
  const close = () => {
    decoder?.run.kill();
    decoder = undefined;
  };
  return {
    count: header.frames,
    close,
    read: async (index: number): Promise<RawImage> => {
      options.signal?.throwIfAborted();
      if (!decoder || index < decoder.next) {
        close();
        const run = startFfmpeg(ffmpeg, decodeArgs(path, maxPixels, header.version), { ...(options.signal && { signal: options.signal }) });
        decoder = { run, reader: new PieceReader(run.child.stdout!), next: 0 };
      }
      const current = decoder;
      for (;;) {
        const frame = await current.reader.read(bytes);
        options.signal?.throwIfAborted();
        if (!frame) {
          const { code, stderr } = await current.run.done;
          close();
          throw new Error(code === 0 ? `the video ended after ${current.next} frames` : `ffmpeg: ${ffmpegFailure(stderr, path)}`);
        }
        if (current.next++ === index) return { width: header.width, height: header.height, data: new Uint8Array(frame.buffer, frame.byteOffset, frame.length) };
      }
    },
  };
}

/**
 * Reads a stream in pieces of exact sizes, holding at most about one piece: the stream is paused
 * once a piece is there, so ffmpeg waits on the pipe until the run asks for the next frame.
 */
class PieceReader {
  private readonly chunks: Buffer[] = [];
  private buffered = 0;
  private wanted = 0;
  private ended = false;
  private wake: (() => void) | undefined;

  constructor(private readonly stream: Readable) {
    const woken = () => {
      const wake = this.wake;
      this.wake = undefined;
      wake?.();
    };
    stream.on('data', (chunk: Buffer) => {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
      if (this.buffered >= this.wanted) {
        stream.pause();
        woken();
      }
    });
    const end = () => {
      this.ended = true;
      woken();
    };
    stream.on('end', end).on('close', end).on('error', end);
    stream.pause();
  }

  /** The next `n` bytes, or undefined when the stream ends first. */
  async read(n: number): Promise<Buffer | undefined> {
    this.wanted = n;
    while (this.buffered < n && !this.ended) {
      const woken = new Promise<void>((resolve) => (this.wake = resolve));
      this.stream.resume();
      await woken;
    }
    if (this.buffered < n) return undefined;
    const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.buffered);
    const piece = Buffer.from(all.subarray(0, n));
    const rest = all.subarray(n);
    this.chunks.length = 0;
    if (rest.length) this.chunks.push(rest);
    this.buffered = rest.length;
    return piece;
  }
}
