import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { onnx } from 'onnx-proto';
import * as ort from 'onnxruntime-node';
import { OnnxGraph } from '../../src/node/onnx/onnx-graph';
import { tempFolder } from '../helpers/temp-folder';

const decode = (g: OnnxGraph) => onnx.ModelProto.decode(g.encode());
/** The decoded graph's nodes and initializers (protobuf's optional fields, present here). */
const graphOf = (g: OnnxGraph) => decode(g).graph as onnx.GraphProto;
const nodesOf = (g: OnnxGraph) => graphOf(g).node as onnx.NodeProto[];

test('a model of opset 17 whose nodes come out in dependency order, whatever order they were added in', () => {
  const g = new OnnxGraph();
  const x = g.input('x', [1, 'H', 'W', 3]);
  // The Relu reads "doubled" before the node that makes it is added.
  g.op('Relu', ['doubled'], {}, 'y');
  g.op('Add', [x, x], {}, 'doubled');
  g.output('y');
  const model = decode(g);
  assert.equal(Number(model.opsetImport[0]!.version), 17);
  assert.deepEqual(nodesOf(g).map((n) => n.opType), ['Add', 'Relu']);
  assert.deepEqual(graphOf(g).input[0]!.type!.tensorType!.shape!.dim!.map((d) => d.dimValue ? Number(d.dimValue) : d.dimParam), [1, 'H', 'W', 3]);
  assert.deepEqual(graphOf(g).output.map((o) => o.name), ['y']);
});

test('nodes are named after the phase; unnamed values after the phase and op, each unique', () => {
  const g = new OnnxGraph();
  g.phase = 'vgg forward';
  const a = g.op('Relu', [g.input('x', [2])]);
  const [first, second] = g.node('TopK', [a, 'k'], { axis: 0 }, 2, undefined, [undefined, 'which']);
  g.phase = 'adam';
  const b = g.op('Neg', [a]);
  assert.match(a, /^vgg-forward\.relu_\d+$/);
  assert.match(first!, /^vgg-forward\.topk_\d+$/);
  assert.equal(second, 'which');
  assert.match(b, /^adam\.neg_\d+$/);
  const nodes = nodesOf(g);
  assert.deepEqual(nodes.map((n) => n.name.replace(/_\d+$/, '')), ['vgg forward/Relu', 'vgg forward/TopK', 'adam/Neg']);
  assert.equal(new Set(nodes.map((n) => n.name)).size, 3);
  assert.deepEqual(nodes[1]!.output, [first, 'which']);
});

test('attributes: a number is an INT, an array INTS, a string STRING', () => {
  const g = new OnnxGraph();
  g.op('Conv', ['x', 'w'], { group: 1, pads: [1, 1, 1, 1], auto_pad: 'NOTSET' });
  const [group, pads, autoPad] = nodesOf(g)[0]!.attribute as onnx.AttributeProto[];
  const Type = onnx.AttributeProto.AttributeType;
  assert.deepEqual([group!.name, group!.type, Number(group!.i)], ['group', Type.INT, 1]);
  assert.deepEqual([pads!.type, pads!.ints.map(Number)], [Type.INTS, [1, 1, 1, 1]]);
  assert.deepEqual([autoPad!.type, new TextDecoder().decode(autoPad!.s)], [Type.STRING, 'NOTSET']);
});

test('constants keep their values and type; external values name their file, offset and length', () => {
  const g = new OnnxGraph();
  g.constant('f', [2], new Float32Array([1.5, -2]));
  g.constant('i', [1], new BigInt64Array([7n]));
  g.external('k', [4, 3, 3, 3], { location: 'weights.bin', offset: 64, length: 432 });
  const [f, i, k] = graphOf(g).initializer as onnx.TensorProto[];
  assert.equal(f!.dataType, onnx.TensorProto.DataType.FLOAT);
  assert.deepEqual(new Float32Array(Uint8Array.from(f!.rawData).buffer), new Float32Array([1.5, -2]));
  assert.equal(i!.dataType, onnx.TensorProto.DataType.INT64);
  assert.deepEqual(new BigInt64Array(Uint8Array.from(i!.rawData).buffer), new BigInt64Array([7n]));
  assert.equal(k!.dataLocation, onnx.TensorProto.DataLocation.EXTERNAL);
  assert.deepEqual(k!.dims.map(Number), [4, 3, 3, 3]);
  assert.deepEqual(Object.fromEntries((k!.externalData as onnx.StringStringEntryProto[]).map((e) => [e.key, e.value])), { location: 'weights.bin', offset: '64', length: '432' });
  assert.equal(k!.rawData.length, 0);
});

test('onnxruntime runs the model: symbolic sizes, constants, external values and bool outputs as built', async () => {
  const folder = tempFolder('stylegraph-onnx-graph-');
  // The external values: [10, 20, 30] after 8 bytes of something else.
  writeFileSync(join(folder, 'values.bin'), Buffer.from(new Float32Array([99, 99, 10, 20, 30]).buffer));
  const g = new OnnxGraph();
  const x = g.input('x', ['N', 3]);
  const shift = g.external('shift', [3], { location: 'values.bin', offset: 8, length: 12 });
  const scale = g.constant('scale', [], new Float32Array([2]));
  g.op('Add', [g.op('Mul', [x, scale]), shift], {}, 'y');
  g.op('Greater', ['y', g.constant('threshold', [], new Float32Array([25]))], {}, 'big');
  g.output('y');
  g.output('big', 'bool');
  writeFileSync(join(folder, 'model.onnx'), g.encode());
  const session = await ort.InferenceSession.create(join(folder, 'model.onnx'));
  try {
    const out = await session.run({ x: new ort.Tensor('float32', new Float32Array([1, 2, 3, 4, 5, 6]), [2, 3]) });
    assert.deepEqual(out.y!.dims, [2, 3]);
    assert.deepEqual(out.y!.data, new Float32Array([12, 24, 36, 18, 30, 42]));
    assert.deepEqual([...(out.big!.data as Uint8Array)].map(Boolean), [false, false, true, false, true, true]);
  } finally {
    await session.release();
  }
});
