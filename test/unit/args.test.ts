import { test } from 'node:test';
import assert from 'node:assert/strict';
import { USAGE } from '../../src/cli/args';

test('the usage text names every weights format --weights reads', () => {
  const weights = USAGE.slice(USAGE.indexOf('Weights:')).replace(/\s+/g, ' ');
  for (const format of ['Keras .h5', 'MatConvNet imagenet-vgg-verydeep-19.mat', 'TensorFlow.js model.json']) assert.ok(weights.includes(format), format);
});
