import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ioProblem, stageFiles, type FileToWrite } from '../../src/node/staged-files';
import { isTemporaryName } from '../../src/node/temp-names';
import { tempFolder } from '../helpers/temp-folder';

const file = (path: string, data: string, owner = path): FileToWrite => ({ path, data, fail: (why) => new Error(`${owner}: ${why}`) });

test('nothing is in place until commit; then every file is, and no temporary is left', async () => {
  const dir = tempFolder('stylegraph-staged-');
  writeFileSync(join(dir, 'out.png'), 'old');
  const staged = await stageFiles([file(join(dir, 'out.png'), 'new'), file(join(dir, 'sub', 'b.png'), 'b')]);
  assert.equal(readFileSync(join(dir, 'out.png'), 'utf8'), 'old');
  assert.deepEqual(readdirSync(join(dir, 'sub')).map((n) => isTemporaryName(n, 'b.png')), [true]);
  await staged.commit();
  assert.equal(readFileSync(join(dir, 'out.png'), 'utf8'), 'new');
  assert.equal(readFileSync(join(dir, 'sub', 'b.png'), 'utf8'), 'b');
  assert.deepEqual(readdirSync(dir).sort(), ['out.png', 'sub']);
  assert.deepEqual(readdirSync(join(dir, 'sub')), ['b.png']);
});

test('discard removes the temporaries and leaves the targets as they were', async () => {
  const dir = tempFolder('stylegraph-staged-');
  writeFileSync(join(dir, 'out.png'), 'old');
  const staged = await stageFiles([file(join(dir, 'out.png'), 'new'), file(join(dir, 'c.png'), 'c')]);
  await staged.discard();
  assert.deepEqual(readdirSync(dir), ['out.png']);
  assert.equal(readFileSync(join(dir, 'out.png'), 'utf8'), 'old');
});

test('one write that fails: its owner\'s error, and the files staged before it are removed', async () => {
  const dir = tempFolder('stylegraph-staged-');
  writeFileSync(join(dir, 'a-file'), 'x');
  const bad = join(dir, 'a-file', 'b.png');
  // mkdir says EEXIST or ENOTDIR, by Node's version; the temporary's removal must not replace the owner's error.
  await assert.rejects(stageFiles([file(join(dir, 'a.png'), 'a'), file(bad, 'b', 'node "out"')]), (error: Error) => {
    assert.ok(error.message.startsWith(`node "out": cannot write ${bad}: `), error.message);
    return true;
  });
  assert.deepEqual(readdirSync(dir), ['a-file']);
});

test('a commit that cannot move a file names it and its temporary', async () => {
  const dir = tempFolder('stylegraph-staged-');
  const target = join(dir, 'out.png');
  const staged = await stageFiles([file(target, 'new', '--out out.png')]);
  mkdirSync(target);
  writeFileSync(join(target, 'inside'), 'x');
  const temp = readdirSync(dir).find((n) => isTemporaryName(n, 'out.png'))!;
  await assert.rejects(staged.commit(), { message: `--out out.png: cannot move ${join(dir, temp)} to ${target}: it is a folder (EISDIR)` });
});

test('ioProblem: words for the common codes, the code kept; else the error\'s own message', () => {
  const error = (code: string | undefined, message = 'raw message') => Object.assign(new Error(message), { code });
  assert.equal(ioProblem(error('ENOSPC')), 'no space left on the device (ENOSPC)');
  assert.equal(ioProblem(error('EROFS')), 'the file system is read-only (EROFS)');
  assert.equal(ioProblem(error('EPERM')), 'permission denied (EPERM)');
  assert.equal(ioProblem(error('EBUSY', 'EBUSY: resource busy')), 'EBUSY: resource busy');
  assert.equal(ioProblem(error(undefined)), 'raw message');
});
