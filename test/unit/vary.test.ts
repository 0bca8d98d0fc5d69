import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkDistinctKeys, parseVary } from '../../src/core/sweep/vary';

test('parseVary: keys and values split at commas; bad syntax names the flag and what is wrong', () => {
  assert.deepEqual(parseVary('alpha.w=1,10,100'), { keys: ['alpha.w'], values: ['1', '10', '100'] });
  assert.deepEqual(parseVary('content_conv4_2.layer,generated_conv4_2.layer=conv3_2,conv4_2'), {
    keys: ['content_conv4_2.layer', 'generated_conv4_2.layer'],
    values: ['conv3_2', 'conv4_2'],
  });
  assert.throws(() => parseVary('alpha.w'), /^Error: --vary "alpha.w": expected KEYS=VALUES/);
  assert.throws(() => parseVary('alphaw=1'), /"alphaw" is not node.param/);
  assert.throws(() => parseVary('alpha.=1'), /"alpha." is not node.param/);
  assert.throws(() => parseVary('alpha.w=1,,2'), /every value must be non-empty/);
  assert.throws(() => parseVary('alpha.w='), /every value must be non-empty/);
  assert.throws(() => parseVary('alpha.w,alpha.w=1'), /a key is named twice/);
  assert.throws(() => parseVary('alpha.w=1,1'), /a value is given twice/);
  assert.throws(() => checkDistinctKeys([parseVary('alpha.w=1'), parseVary('beta.w,alpha.w=2')]), /"alpha.w" is varied by more than one --vary/);
});

test('parseVary: values are kept as written (typing them is typeAxes\'s job); only the first = splits', () => {
  assert.deepEqual(parseVary('result.path=a=b.png, c.png'), { keys: ['result.path'], values: ['a=b.png', ' c.png'] });
  assert.deepEqual(parseVary('a.b.c=x'), { keys: ['a.b.c'], values: ['x'] });
  assert.throws(() => parseVary('=1'), /"" is not node.param/);
  assert.throws(() => parseVary('alpha.w= '), /every value must be non-empty/);
});

test('checkDistinctKeys: separate keys pass, whatever their values', () => {
  assert.doesNotThrow(() => checkDistinctKeys([parseVary('alpha.w=1,2'), parseVary('beta.w,gamma.w=1,2')]));
  assert.doesNotThrow(() => checkDistinctKeys([]));
  assert.throws(() => checkDistinctKeys([parseVary('a.w=1'), parseVary('b.w=1'), parseVary('a.w=2')]), { message: '--vary: "a.w" is varied by more than one --vary' });
});
