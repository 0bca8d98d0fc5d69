import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/node/backend';
import { NodeRunError, nodeLabel, portValue, valueTensors, type Value } from '../../src/core/nodes/types';

before(async () => {
  await useBackend('cpu');
});

test('nodeLabel: the id quoted, with the type in brackets when given', () => {
  assert.equal(nodeLabel('style'), 'node "style"');
  assert.equal(nodeLabel('style', 'image.load'), 'node "style" (image.load)');
  assert.equal(nodeLabel('', ''), 'node "" ()');
});

test('NodeRunError: its message starts with the node label; it keeps the node id', () => {
  const error = new NodeRunError('j_style', 'inputs must be Gram matrices', 'loss.style');
  assert.equal(error.message, 'node "j_style" (loss.style): inputs must be Gram matrices');
  assert.equal(error.nodeId, 'j_style');
  assert.equal(error.name, 'NodeRunError');
  assert.ok(error instanceof Error);
  assert.equal(new NodeRunError('x', 'failed').message, 'node "x": failed');
});

test('portValue: an output port of the others, else the value itself', () => {
  const mask: Value = { type: 'mask', tensor: tf.ones([1, 2, 2, 1]) as tf.Tensor4D };
  const flow: Value = { type: 'flow', tensor: tf.zeros([1, 2, 2, 2]) as tf.Tensor4D, others: { mask } };
  assert.equal(portValue(flow, 'mask'), mask);
  assert.equal(portValue(flow, 'flow'), flow);
  const scalar: Value = { type: 'scalar', tensor: tf.scalar(1) };
  assert.equal(portValue(scalar, 'value'), scalar);
  assert.equal(portValue(scalar, 'mask'), scalar);
});

test('valueTensors: the value\'s tensor first, then its other ports\' in order', () => {
  const [a, b, c] = [tf.zeros([1, 2, 2, 2]), tf.ones([1, 2, 2, 1]), tf.ones([1, 2, 2, 1])];
  const value: Value = { type: 'flow', tensor: a as tf.Tensor4D, others: { mask: { type: 'mask', tensor: b as tf.Tensor4D }, other: { type: 'mask', tensor: c as tf.Tensor4D } } };
  assert.deepEqual(valueTensors(value), [a, b, c]);
  const database: Value = { type: 'database', tensor: tf.zeros([2, 128]) as tf.Tensor2D, labels: ['a', 'b'] };
  assert.deepEqual(valueTensors(database), [database.tensor]);
});
