import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readMatFile } from '../../src/core/model/mat-v5';
import { matConvNetFile } from '../helpers/mat-files';
import { randomVggWeights } from '../helpers/weight-files';

test('readMatFile reads only the variables asked for', () => {
  const bytes = matConvNetFile(randomVggWeights(39));
  assert.deepEqual([...readMatFile(bytes).keys()], ['meta', 'layers']);
  assert.deepEqual([...readMatFile(bytes, new Set(['meta'])).keys()], ['meta']);
  const meta = readMatFile(bytes, new Set(['meta'])).get('meta');
  assert.equal(meta?.kind, 'struct');
  assert.deepEqual(meta.kind === 'struct' && meta.fieldNames, ['inputs', 'classes', 'normalization']);
});
