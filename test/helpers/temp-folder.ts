import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made: string[] = [];

/**
 * A new folder in the system's temporary folder, removed when the test process exits, whether its
 * tests passed or failed (node --test runs each file in a process of its own).
 */
export function tempFolder(prefix: string): string {
  if (!made.length) process.once('exit', () => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}
