import { spawn, type ChildProcess } from 'node:child_process';

/** How much of ffmpeg's stderr is kept: its last lines say why it failed. */
const STDERR_KEPT = 64 * 1024;

/** A running ffmpeg. */
export interface FfmpegProcess {
  readonly child: ChildProcess;
  /** Resolves when it has exited (never rejects): its exit code (null when killed) and the end of its stderr. */
  readonly done: Promise<{ readonly code: number | null; readonly stderr: string }>;
  /** Ends it at once (SIGKILL); nothing of it is used after. */
  kill(): void;
}

const running = new Set<ChildProcess>();
let killedAtExit = false;

/**
 * Starts ffmpeg with an argument array (never a shell: the paths in it come from graphs). `signal`
 * kills it at once (Ctrl-C), and so does this process's exit: no ffmpeg outlives a run.
 */
export function startFfmpeg(ffmpeg: string, args: readonly string[], options: { readonly signal?: AbortSignal; readonly stdin?: boolean } = {}): FfmpegProcess {
  if (!killedAtExit) {
    process.once('exit', () => running.forEach((c) => c.kill('SIGKILL')));
    killedAtExit = true;
  }
  const child = spawn(ffmpeg, args, { stdio: [options.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'], shell: false, windowsHide: true });
  running.add(child);
  const kill = () => void child.kill('SIGKILL');
  options.signal?.addEventListener('abort', kill, { once: true });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_KEPT);
  });
  // A write to a killed ffmpeg's stdin fails with EPIPE: its exit says why.
  child.stdin?.on('error', () => undefined);
  const done = new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const finish = (code: number | null, why?: string) => {
      running.delete(child);
      options.signal?.removeEventListener('abort', kill);
      resolve({ code, stderr: why ?? stderr });
    };
    child.once('error', (error) => finish(null, `cannot start ${ffmpeg}: ${error.message}`));
    child.once('close', (code) => finish(code));
  });
  return { child, done, kill };
}

/** Runs ffmpeg to its end; its stdout as text, the end of its stderr, its exit code. */
export async function runFfmpeg(ffmpeg: string, args: readonly string[], signal?: AbortSignal): Promise<{ readonly code: number | null; readonly stdout: string; readonly stderr: string }> {
  signal?.throwIfAborted();
  const run = startFfmpeg(ffmpeg, args, { ...(signal && { signal }) });
  let stdout = '';
  run.child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    stdout = (stdout + chunk).slice(-STDERR_KEPT);
  });
  const { code, stderr } = await run.done;
  signal?.throwIfAborted();
  return { code, stdout, stderr };
}
