import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { REPO } from './paths';
import { tempFolder } from './temp-folder';

export interface CliResult {
  /** The CLI's process id. */
  readonly pid: number;
  readonly code: number | null;
  /** The signal that ended it, when one did. */
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** 'interrupt': SIGINT; or the signal to send. */
type LineWatcher = (line: string) => 'interrupt' | NodeJS.Signals | undefined;

/**
 * Runs bin/stylegraph.js; `onStdoutLine` and `onStderrLine` may return 'interrupt' to send SIGINT, or another
 * signal's name ('SIGKILL': nothing of the CLI's own runs after it); `onStart` gets the child.
 * The cache goes to a fresh folder so no test sees another's converted weights, and nothing is downloaded.
 */
export function runCli(args: readonly string[], options: { cwd: string; env?: Record<string, string>; onStdoutLine?: LineWatcher; onStderrLine?: LineWatcher; onStart?: (child: ChildProcess) => void }): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(REPO, 'bin', 'stylegraph.js'), ...args], {
      cwd: options.cwd,
      env: { ...process.env, STYLEGRAPH_CACHE: join(options.cwd, '.cache'), STYLEGRAPH_WEIGHTS: '', STYLEGRAPH_WEIGHTS_URL: '', ...options.env },
    });
    const send = (signal: NodeJS.Signals) => child.kill(signal);
    const stdout = watchLines(child.stdout, options.onStdoutLine, send);
    const stderr = watchLines(child.stderr, options.onStderrLine, send);
    options.onStart?.(child);
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ pid: child.pid!, code, signal, stdout: stdout.text, stderr: stderr.text }));
  });
}

/** One line of `--json` output. */
export type JsonLine = Record<string, unknown>;

/** The lines of a `--json` run's stdout, parsed; blank lines skipped. */
export function jsonLines(stdout: string): JsonLine[] {
  return stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as JsonLine);
}

/** Collects a stream's text and shows each whole line to `watch`. */
function watchLines(stream: Readable, watch: LineWatcher | undefined, send: (signal: NodeJS.Signals) => void): { readonly text: string } {
  const collected = { text: '' };
  let pending = '';
  stream.on('data', (chunk: Buffer) => {
    collected.text += chunk;
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop()!;
    for (const line of lines) {
      const signal = watch?.(line);
      if (signal !== undefined) send(signal === 'interrupt' ? 'SIGINT' : signal);
    }
  });
  return collected;
}

/**
 * A temporary workspace (removed when the test process exits) holding the files git tracks in
 * examples/ and media/: not what earlier runs left there (run history, `*-result.png`).
 */
export function workspaceCopy(): string {
  const dir = tempFolder('stylegraph-cli-');
  for (const file of trackedFiles('examples', 'media')) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    copyFileSync(join(REPO, file), join(dir, file));
  }
  mkdirSync(join(dir, 'weights'));
  return dir;
}

/** The files git tracks below `folders` of the repository, as relative paths. */
function trackedFiles(...folders: string[]): string[] {
  const listed = execFileSync('git', ['ls-files', '-z', '--', ...folders], { cwd: REPO, encoding: 'utf8' });
  const files = listed.split('\0').filter(Boolean);
  if (!files.length) throw new Error(`git lists no files in ${folders.join(', ')} of ${REPO}`);
  return files;
}
