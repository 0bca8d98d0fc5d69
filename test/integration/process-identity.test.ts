import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { isProcessRunning, ownStartTime } from '../../src/node/process-identity';

const hasProc = process.platform === 'linux';

test('this process runs with its own start time, not with another', () => {
  const own = ownStartTime();
  assert.equal(ownStartTime(), own);
  assert.ok(isProcessRunning(process.pid, own));
  assert.ok(!isProcessRunning(process.pid, `${own}1`));
});

test('on Linux the start time is /proc/<pid>/stat\'s 22nd field', { skip: !hasProc && 'no /proc' }, () => {
  const stat = readFileSync('/proc/self/stat', 'latin1');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  assert.equal(ownStartTime(), fields[19]);
  assert.match(ownStartTime(), /^\d+$/);
});

test('another process: running with its start time; gone once it has exited; a reused PID with another start time is gone', { skip: !hasProc && 'no /proc' }, async () => {
  const child = spawn(process.execPath, ['-e', 'process.stdin.resume()'], { stdio: ['pipe', 'ignore', 'ignore'] });
  await once(child, 'spawn');
  const pid = child.pid!;
  const exited = once(child, 'exit');
  const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  const started = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]!;
  try {
    assert.ok(isProcessRunning(pid, started));
    assert.ok(!isProcessRunning(pid, String(Number(started) + 1)), 'another start time: another process');
  } finally {
    child.stdin!.end();
    await exited;
  }
  assert.ok(!isProcessRunning(pid, started));
});
