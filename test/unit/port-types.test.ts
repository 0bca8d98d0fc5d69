import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PORT_TYPES, describeShape, shapeElements, type Shape } from '../../src/core/nodes/port-types';
import { NODE_DEFS } from '../../src/core/nodes/catalogue';

const SHAPES: readonly (readonly [Shape, string, number])[] = [
  [{ type: 'image', height: 300, width: 400 }, '300x400', 300 * 400 * 3],
  [{ type: 'image', width: 400 }, '?x400', 0],
  [{ type: 'features', height: 37, width: 50, channels: 512 }, '37x50x512', 37 * 50 * 512],
  [{ type: 'gram', channels: 64 }, '64x64', 64 * 64],
  [{ type: 'stats', channels: 64 }, 'statistics of 64 channels', 65 * 64],
  [{ type: 'mask', height: 3, width: 4 }, '3x4', 12],
  [{ type: 'flow', height: 3, width: 4 }, '3x4 flow', 24],
  [{ type: 'scalar' }, 'a scalar', 1],
  [{ type: 'encoding' }, 'a face encoding', 128],
  [{ type: 'database' }, 'a face database', 0],
];

test('each port type\'s row writes its shape and counts its tensor elements', () => {
  assert.deepEqual(SHAPES.map(([s]) => s.type).filter((t, i, all) => all.indexOf(t) === i), Object.keys(PORT_TYPES));
  for (const [shape, text, elements] of SHAPES) {
    assert.equal(describeShape(shape), text, shape.type);
    assert.equal(shapeElements(shape), elements, shape.type);
  }
});

test('every port a node declares has a row with a theme colour and a fallback', () => {
  for (const def of NODE_DEFS) {
    for (const port of [...def.inputs, ...def.outputs]) {
      const [variable, fallback] = PORT_TYPES[port.type].colour;
      assert.match(variable, /^--vscode-/, `${def.type}.${port.name}`);
      assert.match(fallback, /^#[0-9a-f]{6}$/, `${def.type}.${port.name}`);
    }
  }
});
