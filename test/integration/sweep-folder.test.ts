import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, watch, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/cli';
import { useCliWorkspace } from '../helpers/cli-workspace';
import { parseSweepFile } from '../../src/core/sweep/sweep-file';

const { ws, sweep } = useCliWorkspace();

test('the sweep folder: an unrelated folder is refused; an earlier sweep\'s files are replaced, other files kept', async () => {
  const out = join(ws, 'mine');
  mkdirSync(out);
  writeFileSync(join(out, 'notes.txt'), 'mine');
  const refused = await runCli(sweep('--iterations', '1', '--vary', 'alpha.w=1', '--out-dir', out, '--no-history'), { cwd: ws });
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /is not empty and holds no sweep\.json; choose another --out-dir/);
  rmSync(join(out, 'notes.txt'));
  const first = await runCli(sweep('--iterations', '1', '--vary', 'alpha.w=1,2,3', '--out-dir', out, '--no-history'), { cwd: ws });
  assert.equal(first.code, 0, first.stderr);
  writeFileSync(join(out, 'notes.txt'), 'mine');
  const second = await runCli(sweep('--iterations', '1', '--vary', 'beta.w=1,2', '--out-dir', out, '--no-history'), { cwd: ws });
  assert.equal(second.code, 0, second.stderr);
  assert.deepEqual(readdirSync(out).sort(), ['grid.png', 'index.html', 'notes.txt', 'run-1.png', 'run-2.png', 'sweep.json']);
  assert.deepEqual(parseSweepFile(readFileSync(join(out, 'sweep.json'), 'utf8')).vary, [{ keys: ['beta.w'], values: [1, 2] }]);
  // What a killed sweep left half-written does not make a folder someone else's.
  const killed = join(ws, 'killed');
  mkdirSync(killed);
  writeFileSync(join(killed, 'sweep.json.tmp-0123456789ab'), '{"gra');
  const resumed = await runCli(sweep('--iterations', '1', '--vary', 'beta.w=1', '--out-dir', killed, '--no-history'), { cwd: ws });
  assert.equal(resumed.code, 0, resumed.stderr);
});

test('a folder a killed sweep left is taken (sweep.json missing, empty or cut short; only files a sweep writes); others\' files are not', async () => {
  const leftovers: Record<string, Record<string, string>> = {
    'gallery before sweep.json': { 'index.html': '<!DOCTYPE html>', 'sweep.json.tmp-0123456789ab': '{\n  "gra' },
    'an earlier sweep half removed': { 'run-2.png': 'png', 'grid.png': 'png' },
    'sweep.json empty': { 'sweep.json': '', 'index.html': '<!DOCTYPE html>', 'run-1.png': 'png' },
    'sweep.json cut short': { 'sweep.json': '{\n  "graph": "../examples/se' },
  };
  for (const [what, files] of Object.entries(leftovers)) {
    const dir = join(ws, `left-${what.replace(/\W+/g, '-')}`);
    mkdirSync(dir);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const r = await runCli(sweep('--iterations', '1', '--vary', 'beta.w=1', '--out-dir', dir, '--no-history'), { cwd: ws });
    assert.equal(r.code, 0, `${what}: ${r.stderr}`);
    assert.deepEqual(parseSweepFile(readFileSync(join(dir, 'sweep.json'), 'utf8')).runs.map((run) => run.image), ['run-1.png'], what);
    assert.deepEqual(readdirSync(dir).filter((n) => !n.includes('.tmp-')).sort(), ['grid.png', 'index.html', 'run-1.png', 'sweep.json'], what);
  }
  const refused: Record<string, [Record<string, string>, RegExp]> = {
    'someone\'s file among a sweep\'s': [{ 'run-1.png': 'png', 'notes.txt': 'mine' }, /is not empty and holds no sweep\.json; choose another --out-dir/],
    'someone\'s sweep.json': [{ 'sweep.json': '{"mine": true}' }, /sweep\.json is not a sweep's: \$\.graph must be a string; choose another --out-dir/],
    'a cut-short sweep.json beside someone\'s file': [{ 'sweep.json': '', 'notes.txt': 'mine' }, /sweep\.json is not a sweep's: .*; choose another --out-dir/],
  };
  for (const [what, [files, message]] of Object.entries(refused)) {
    const dir = join(ws, `theirs-${what.replace(/\W+/g, '-')}`);
    mkdirSync(dir);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const r = await runCli(sweep('--iterations', '1', '--vary', 'beta.w=1', '--out-dir', dir, '--no-history'), { cwd: ws });
    assert.equal(r.code, 1, what);
    assert.match(r.stderr, message, what);
    assert.deepEqual(readdirSync(dir).sort(), Object.keys(files).sort(), `${what}: untouched`);
  }
});

test('a new sweep folder gets sweep.json before any other file', async () => {
  const dir = join(ws, 'order');
  mkdirSync(dir);
  const appeared: string[] = [];
  const watcher = watch(dir, (_, name) => {
    if (name && !name.includes('.tmp-') && existsSync(join(dir, name)) && !appeared.includes(name)) appeared.push(name);
  });
  try {
    const r = await runCli(sweep('--iterations', '1', '--vary', 'beta.w=1', '--out-dir', dir, '--no-history'), { cwd: ws });
    assert.equal(r.code, 0, r.stderr);
  } finally {
    watcher.close();
  }
  assert.equal(appeared[0], 'sweep.json', `files in the order they appeared: ${appeared.join(', ')}`);
});
