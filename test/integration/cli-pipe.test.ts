import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO, FIXTURES } from '../helpers/paths';

test('a reader that closes the pipe early (validate ... | head -1) ends the CLI quietly, without a stack trace', async () => {
  // Enough problems to fill more than a pipe's buffer once repeated.
  const graphs = Array.from({ length: 400 }, () => join(FIXTURES, 'graphs', 'many-problems.stylegraph.json'));
  const child = spawn(process.execPath, [join(REPO, 'bin', 'stylegraph.js'), 'validate', ...graphs]);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
  child.stdout.once('data', () => child.stdout.destroy());
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(stderr, '');
  assert.equal(code, 1, 'validate exits 1: the graphs have problems');
});
