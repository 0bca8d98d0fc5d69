import { test } from 'node:test';
import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { PART_MARK, TEMP_MARK, isTemporaryName, temporaryName } from '../../src/node/temp-names';

test('a temporary name is the path, the mark and 12 hex digits, fresh each time', () => {
  const a = temporaryName('/data/out.png');
  assert.match(a, /^\/data\/out\.png\.tmp-[0-9a-f]{12}$/);
  assert.match(temporaryName('/data/w.h5', PART_MARK), /^\/data\/w\.h5\.part-[0-9a-f]{12}$/);
  assert.notEqual(temporaryName('/data/out.png'), a);
  assert.ok(a.startsWith(`/data/out.png${TEMP_MARK}`));
});

test('isTemporaryName knows both marks, and the base when one is given', () => {
  const name = basename(temporaryName('/d/out.png'));
  assert.ok(isTemporaryName(name));
  assert.ok(isTemporaryName(name, 'out.png'));
  assert.ok(!isTemporaryName(name, 'out'));
  assert.ok(!isTemporaryName(name, 'other.png'));
  assert.ok(isTemporaryName(basename(temporaryName('/d/w.h5', PART_MARK)), 'w.h5'));
});

test('names that only look alike are not temporary', () => {
  for (const name of ['out.png', 'out.png.tmp-', 'out.png.tmp-0123456789a', 'out.png.tmp-0123456789abc', 'out.png.tmp-0123456789AB', '.tmp-0123456789ab', 'out.png.temp-0123456789ab', 'out.png.tmp-0123456789ab.png']) {
    assert.ok(!isTemporaryName(name), name);
  }
});
