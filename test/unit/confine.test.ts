import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { confinePath, confineRealPath, isInside, realTarget } from '../../src/node/confine';
import { tempFolder } from '../helpers/temp-folder';

const ws = '/home/u/project';
const base = '/home/u/project/graphs';

test('relative paths inside the workspace resolve against the graph folder', () => {
  assert.deepEqual(confinePath('out/result.png', base, [ws]), { ok: true, path: '/home/u/project/graphs/out/result.png' });
  assert.deepEqual(confinePath('../media/cat.png', base, [ws]), { ok: true, path: '/home/u/project/media/cat.png' });
  assert.deepEqual(confinePath('./a/../b.png', base, [ws]), { ok: true, path: '/home/u/project/graphs/b.png' });
  assert.deepEqual(confinePath('/home/u/project/x.png', base, [ws]), { ok: true, path: '/home/u/project/x.png' });
});

test('escapes, absolute paths elsewhere, URLs and junk are refused', () => {
  for (const raw of ['../../x.png', '../../../etc/passwd', '/etc/passwd', '/home/u/project-other/x.png', '/home/u', 'a/../../../b', 'file:///etc/passwd', 'https://example.com/a.png', '', '   ', 'a\0b', 'x'.repeat(5000), 42, null, undefined, { path: 'a' }]) {
    const r = confinePath(raw, base, [ws]);
    assert.equal(r.ok, false, JSON.stringify(raw));
    if (!r.ok) assert.ok(r.reason.length > 0 && r.reason.length < 200, r.reason);
  }
  assert.deepEqual(confinePath('../../x.png', base, [base], 'the graph file\'s folder'), { ok: false, reason: '"../../x.png" is outside the graph file\'s folder (it resolves to /home/u/x.png)' });
});

test('several workspace folders: any of them; none: nothing', () => {
  assert.equal(confinePath('/srv/other/a.png', base, [ws, '/srv/other']).ok, true);
  assert.equal(confinePath('a.png', base, []).ok, false);
});

test('isInside: the root itself counts, a sibling with the same prefix does not', () => {
  assert.ok(isInside('/a/b', '/a/b'));
  assert.ok(isInside('/a/b/c', '/a/b/'));
  assert.ok(!isInside('/a/bc', '/a/b'));
  assert.ok(!isInside('/a', '/a/b'));
  assert.ok(isInside('/a/b/..c', '/a/b'));
});

test('symbolic links: a link out of the root is refused, for existing files and for files not yet written', async (t) => {
  const dir = tempFolder('stylegraph-confine-');
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const root = join(dir, 'graphs');
  const outside = join(dir, 'outside');
  mkdirSync(join(root, 'real'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(outside, 'secret.png'), 'x');
  symlinkSync(outside, join(root, 'link-out'));
  symlinkSync(join(outside, 'secret.png'), join(root, 'secret.png'));
  symlinkSync(join(root, 'real'), join(root, 'link-in'));
  const place = "the graph file's folder";
  await assert.rejects(confineRealPath('link-out/new/x.png', root, [root], place), { message: `"link-out/new/x.png" leads outside ${place} through a symbolic link` });
  await assert.rejects(confineRealPath('secret.png', root, [root], place), /"secret.png" leads outside/);
  assert.equal(await confineRealPath('link-in/x.png', root, [root], place), join(root, 'link-in', 'x.png'));
  assert.equal(await confineRealPath('not/yet/x.png', root, [root], place), join(root, 'not', 'yet', 'x.png'));
  // A root reached through a link is still itself.
  symlinkSync(root, join(dir, 'root-link'));
  assert.equal(await confineRealPath('real/x.png', join(dir, 'root-link'), [join(dir, 'root-link')], place), join(dir, 'root-link', 'real', 'x.png'));
  assert.equal(await realTarget(join(root, 'link-in', 'missing', 'x.png')), join(await realTarget(root), 'real', 'missing', 'x.png'));
});
