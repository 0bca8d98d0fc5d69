import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { REPO } from './paths';

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

type LineWatcher = (line: string) => 'interrupt' | 'kill' | undefined;

/**
 * Runs bin/stylegraph.js; `onStdoutLine` and `onStderrLine` may return 'interrupt' to send SIGINT,
 * 'kill' to send SIGKILL (a killed process: nothing of its own runs after it); `onStart` gets the child.
 * The cache goes to a fresh folder so no test sees another's converted weights, and nothing is downloaded.
 */
export function runCli(args: readonly string[], options: { cwd: string; env?: Record<string, string>; onStdoutLine?: LineWatcher; onStderrLine?: LineWatcher; onStart?: (child: ChildProcess) => void }): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(REPO, 'bin', 'stylegraph.js'), ...args], {
      cwd: options.cwd,
      env: { ...process.env, STYLEGRAPH_CACHE: join(options.cwd, '.cache'), STYLEGRAPH_WEIGHTS: '', STYLEGRAPH_WEIGHTS_URL: '', ...options.env },
    });
    const signal = (what: 'interrupt' | 'kill') => child.kill(what === 'kill' ? 'SIGKILL' : 'SIGINT');
    const stdout = watchLines(child.stdout, options.onStdoutLine, signal);
    const stderr = watchLines(child.stderr, options.onStderrLine, signal);
    options.onStart?.(child);
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: stdout.text, stderr: stderr.text }));
  });
}

/** Collects a stream's text and shows each whole line to `watch`. */
function watchLines(stream: Readable, watch: LineWatcher | undefined, signal: (what: 'interrupt' | 'kill') => void): { readonly text: string } {
  const collected = { text: '' };
  let pending = '';
  stream.on('data', (chunk: Buffer) => {
    collected.text += chunk;
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop()!;
    for (const line of lines) {
      const what = watch?.(line);
      if (what) signal(what);
    }
  });
  return collected;
}

/** A temporary workspace holding examples/ and media/ as in the repository. */
export function workspaceCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'stylegraph-cli-'));
  cpSync(join(REPO, 'examples'), join(dir, 'examples'), { recursive: true });
  cpSync(join(REPO, 'media'), join(dir, 'media'), { recursive: true });
  mkdirSync(join(dir, 'weights'));
  return dir;
}
