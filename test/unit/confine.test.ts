import { test } from 'node:test';
import assert from 'node:assert/strict';
import { confinePath, isInside } from '../../src/extension/confine';

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
    if (!r.ok) assert.ok(r.reason.length > 0);
  }
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
