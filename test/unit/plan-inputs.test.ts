import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyInput, inputMismatch } from '../../src/node/plan-inputs';
import { tempFolder } from '../helpers/temp-folder';

const sha = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

test('a plan\'s input file: named by the sha256 of its bytes and its extension (lower case, .file when odd), copied once; a change or a removal is named', async () => {
  const root = tempFolder('stylegraph-plan-inputs-');
  const inputs = join(root, 'inputs');
  mkdirSync(inputs);
  writeFileSync(join(root, 'Cat.PNG'), 'png bytes');
  writeFileSync(join(root, 'noext'), 'other bytes');
  const name = await copyInput(join(root, 'Cat.PNG'), inputs);
  assert.equal(name, `${sha('png bytes')}.png`);
  assert.equal(await copyInput(join(root, 'Cat.PNG'), inputs), name, 'the same bytes: the same copy');
  assert.equal(await copyInput(join(root, 'noext'), inputs), `${sha('other bytes')}.file`);
  assert.deepEqual(readdirSync(inputs).sort(), [name, `${sha('other bytes')}.file`].sort());
  assert.equal(await inputMismatch(inputs, name), undefined);
  writeFileSync(join(inputs, name), 'changed');
  assert.equal(await inputMismatch(inputs, name), `has sha256 ${sha('changed')}, not the ${sha('png bytes')} its name says: it changed after the plan was emitted`);
  assert.equal(await inputMismatch(inputs, `${'0'.repeat(64)}.png`), 'is missing');
});

test('a plan\'s input folder (a face.database): named by its images\' names and bytes, copied with their names (the labels); a changed image is named', async () => {
  const root = tempFolder('stylegraph-plan-folder-');
  const faces = join(root, 'faces');
  mkdirSync(join(faces, 'ada'), { recursive: true });
  writeFileSync(join(faces, 'ada', '1.png'), 'a1');
  writeFileSync(join(faces, 'bob-2.jpg'), 'b2');
  writeFileSync(join(faces, 'notes.txt'), 'not an image');
  const inputs = join(root, 'inputs');
  mkdirSync(inputs);
  const name = await copyInput(faces, inputs);
  assert.match(name, /^[0-9a-f]{64}$/);
  assert.deepEqual(readdirSync(join(inputs, name), { recursive: true }).map(String).sort(), ['ada', 'ada/1.png', 'bob-2.jpg']);
  assert.equal(readFileSync(join(inputs, name, 'ada', '1.png'), 'utf8'), 'a1');
  assert.equal(await inputMismatch(inputs, name), undefined);
  // The same images under another label are another folder.
  const renamed = join(root, 'renamed');
  mkdirSync(join(renamed, 'eve'), { recursive: true });
  writeFileSync(join(renamed, 'eve', '1.png'), 'a1');
  writeFileSync(join(renamed, 'bob-2.jpg'), 'b2');
  assert.notEqual(await copyInput(renamed, inputs), name);
  writeFileSync(join(inputs, name, 'bob-2.jpg'), 'b3');
  assert.match((await inputMismatch(inputs, name))!, /^has sha256 [0-9a-f]{64}, not the .* its name says/);
});
