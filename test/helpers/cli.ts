import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from './paths';

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs bin/stylegraph.js; `onStdoutLine` may return 'interrupt' to send SIGINT. The cache goes to
 * a fresh folder so no test sees another's converted weights, and nothing is downloaded.
 */
export function runCli(args: readonly string[], options: { cwd: string; env?: Record<string, string>; onStdoutLine?: (line: string) => 'interrupt' | undefined }): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(REPO, 'bin', 'stylegraph.js'), ...args], {
      cwd: options.cwd,
      env: { ...process.env, STYLEGRAPH_CACHE: join(options.cwd, '.cache'), STYLEGRAPH_WEIGHTS: '', STYLEGRAPH_WEIGHTS_URL: '', ...options.env },
    });
    let stdout = '';
    let stderr = '';
    let pending = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) if (options.onStdoutLine?.(line) === 'interrupt') child.kill('SIGINT');
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A temporary workspace holding examples/ and media/ as in the repository. */
export function workspaceCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'stylegraph-cli-'));
  cpSync(join(REPO, 'examples'), join(dir, 'examples'), { recursive: true });
  cpSync(join(REPO, 'media'), join(dir, 'media'), { recursive: true });
  mkdirSync(join(dir, 'weights'));
  return dir;
}
