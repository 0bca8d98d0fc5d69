import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { NODE_DEFS, nodeDef } from '../../src/core/nodes/catalogue';
import type { NodeDef } from '../../src/core/nodes/types';
import { paramProblem } from '../../src/core/graph/validate';
import { REPO } from '../helpers/paths';

test('catalogue: every node type resolves to its own definition; unknown types do not', () => {
  for (const def of NODE_DEFS) assert.equal(nodeDef(def.type), def, def.type);
  assert.equal(nodeDef('image.loads'), undefined);
  assert.equal(nodeDef(''), undefined);
  assert.equal(nodeDef('toString'), undefined);
});

test('catalogue: type names and titles are unique', () => {
  const types = NODE_DEFS.map((d) => d.type);
  assert.equal(new Set(types).size, types.length, types.join(' '));
  const titles = NODE_DEFS.map((d) => d.title);
  assert.equal(new Set(titles).size, titles.length, titles.join(' | '));
});

test('catalogue: every node definition in src/core/nodes is listed', () => {
  const folder = join(REPO, 'src', 'core', 'nodes');
  const found: string[] = [];
  for (const file of readdirSync(folder).filter((f) => f.endsWith('.ts'))) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- every module of the folder, by name
    const exports = require(join(__dirname, '..', '..', 'src', 'core', 'nodes', file.replace(/\.ts$/, '.js'))) as Record<string, unknown>;
    for (const value of Object.values(exports)) {
      const def = value as Partial<NodeDef> | null;
      if (def && typeof def === 'object' && typeof def.type === 'string' && Array.isArray(def.inputs) && Array.isArray(def.outputs)) found.push(def.type);
    }
  }
  assert.deepEqual(found.sort(), NODE_DEFS.map((d) => d.type).sort());
});

test('catalogue: each node has what its role asks of it', () => {
  const withRole = (role: NodeDef['role']) => NODE_DEFS.filter((d) => d.role === role).map((d) => d.type);
  assert.deepEqual(withRole('generated'), ['image.generated']);
  assert.deepEqual(withRole('optimizer'), ['optimizer']);
  assert.deepEqual(withRole('source').sort(), ['image.load', 'image.mask', 'video.frames']);
  assert.deepEqual(withRole('features'), ['vgg19.layer']);
  assert.deepEqual(withRole('folder'), ['face.database']);
  assert.deepEqual(withRole('previous'), ['image.previous']);
  for (const def of NODE_DEFS) {
    // Sources and folders read a file or folder named by param path.
    if (def.role === 'source' || def.role === 'folder') assert.ok(def.params.some((p) => p.name === 'path' && p.kind === 'string'), def.type);
    // The executor drives the optimizer and the outputs; result nodes report; every other node computes a value.
    if (def.role === 'output') assert.ok(def.outputImage && !def.evaluate && def.outputs.length === 0, def.type);
    else if (def.role === 'result') assert.ok(def.result && !def.evaluate && def.outputs.length === 0, def.type);
    else if (def.role === 'optimizer') assert.equal(def.evaluate, undefined);
    else assert.ok(def.evaluate && def.outputs.length > 0, def.type);
    // A loss term is a scalar.
    if (def.role === 'loss') assert.deepEqual(def.outputs.map((p) => p.type), ['scalar'], def.type);
  }
});

test('catalogue: every param default passes its own check, and names are unique per node', () => {
  for (const def of NODE_DEFS) {
    for (const spec of def.params) assert.equal(paramProblem(spec, spec.default), undefined, `${def.type}.${spec.name}`);
    const names = [...def.params.map((p) => `param ${p.name}`), ...def.inputs.map((p) => `input ${p.name}`), ...def.outputs.map((p) => `output ${p.name}`)];
    assert.equal(new Set(names).size, names.length, def.type);
  }
});
