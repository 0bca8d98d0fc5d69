import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateCommand } from '../../src/cli/validate-command';
import { runCli } from '../helpers/cli';
import { useCliWorkspace } from '../helpers/cli-workspace';
import { FIXTURES } from '../helpers/paths';

const { ws, seed } = useCliWorkspace({ weightsSeed: null });

test('validate: ok files exit 0, any problem exits 1 with every problem listed', async () => {
  const ok = await runCli(['validate', seed()], { cwd: ws });
  assert.equal(ok.code, 0);
  assert.match(ok.stdout, /seed.stylegraph.json: ok/);
  const bad = await runCli(['validate', seed(), join(FIXTURES, 'graphs', 'wrong-format.stylegraph.json'), join(ws, 'nope.json')], { cwd: ws });
  assert.equal(bad.code, 1);
  assert.match(bad.stdout, /wrong-format.stylegraph.json: 2 problems\n {2}- "format" must be "stylegraph", found "litegraph"/);
  assert.match(bad.stdout, /nope.json: 1 problem\n {2}- cannot read the file: ENOENT/);
});

test('in process: each file\'s problems counted and listed, then its notes; 1 when any file has a problem', async () => {
  const dir = join(ws, 'validate-in-process');
  mkdirSync(join(dir, 'faces', 'ada'), { recursive: true });
  copyFileSync(join(ws, 'examples', 'samples', 'chelsea.png'), join(dir, 'faces', 'ada', 'one.png'));
  symlinkSync(join(dir, 'faces', 'ada', 'one.png'), join(dir, 'faces', 'ada', 'two.png'));
  const graph = {
    format: 'stylegraph', version: 1,
    nodes: [{ id: 'db', type: 'face.database', params: { path: 'faces' } }, { id: 'img', type: 'image.load', params: { path: 'gone.png' } }],
    edges: [],
  };
  const file = join(dir, 'g.stylegraph.json');
  writeFileSync(file, JSON.stringify(graph));
  const lines: string[] = [];
  assert.equal(await validateCommand([seed(), file], (line) => void lines.push(line)), 1);
  assert.equal(lines[0], `${seed()}: ok`);
  const [count, ...rest] = lines.slice(1);
  const problems = rest.filter((l) => l.startsWith('  - '));
  const notes = rest.filter((l) => l.startsWith('  note: '));
  assert.equal(count, `${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}`);
  assert.ok(problems.includes(`  - node "img" (image.load): path "gone.png" is not there (${join(dir, 'gone.png')})`), problems.join('\n'));
  assert.deepEqual(rest, [...problems, ...notes], 'the problems, then the notes');
  assert.equal(notes.length, 1);
  assert.match(notes[0]!, /^ {2}note: node "db" \(face\.database\): path "faces": .*two\.png/);
  assert.equal(await validateCommand([seed()], () => undefined), 0);
});
