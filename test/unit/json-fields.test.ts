import { test } from 'node:test';
import assert from 'node:assert/strict';
import { array, axes, number, object, paramValue, string } from '../../src/core/sweep/json-fields';

test('the field readers return the value typed or throw naming its path', () => {
  assert.deepEqual(object({ a: 1 }, '$'), { a: 1 });
  for (const bad of [null, [], 'x', 3]) assert.throws(() => object(bad, '$.runs[0]'), { message: '$.runs[0] must be an object' });
  assert.deepEqual(array([1], '$.runs'), [1]);
  assert.throws(() => array({ length: 1 }, '$.runs'), { message: '$.runs must be an array' });
  assert.equal(string('a', '$.graph'), 'a');
  assert.throws(() => string(1, '$.graph'), { message: '$.graph must be a string' });
  assert.equal(number(0, '$.runs[2].loss'), 0);
  assert.throws(() => number('1', '$.runs[2].loss'), { message: '$.runs[2].loss must be a number' });
  assert.deepEqual([1, 'a', false].map((v) => paramValue(v, '$.v')), [1, 'a', false]);
  for (const bad of [null, undefined, [1], { a: 1 }]) assert.throws(() => paramValue(bad, '$.v'), { message: '$.v must be a number, string or boolean' });
});

test('axes: keys and values read as written; a wrong element is named by its full path', () => {
  const text = [{ keys: ['alpha.w'], values: [1, 10] }, { keys: ['a.layer', 'b.layer'], values: ['conv3_2', true] }];
  assert.deepEqual(axes(text, '$.vary'), text);
  assert.deepEqual(axes([], '$.vary'), []);
  assert.throws(() => axes({}, '$.vary'), { message: '$.vary must be an array' });
  assert.throws(() => axes([text[0], 'x'], '$.vary'), { message: '$.vary[1] must be an object' });
  assert.throws(() => axes([{ keys: 'alpha.w', values: [] }], '$.vary'), { message: '$.vary[0].keys must be an array' });
  assert.throws(() => axes([{ keys: ['a.w', 7], values: [] }], '$.vary'), { message: '$.vary[0].keys[1] must be a string' });
  assert.throws(() => axes([{ keys: ['a.w'], values: [1, null] }], '$.vary'), { message: '$.vary[0].values[1] must be a number, string or boolean' });
});
