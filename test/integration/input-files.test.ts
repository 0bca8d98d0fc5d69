import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkInputFiles } from '../../src/node/input-files';
import type { Graph } from '../../src/core/graph/types';
import { greyPng, pngBytes } from '../helpers/image-bytes';
import { tempFolder } from '../helpers/temp-folder';

const MAX = 10_000;

function graph(nodes: { id: string; type: string; path: string }[]): Graph {
  return { format: 'stylegraph', version: 1, nodes: nodes.map(({ id, type, path }) => ({ id, type, params: { path } })), edges: [] } as unknown as Graph;
}

/** A graph's folder with a.png (4x4) and a frames/ folder of two 4x4 frames. */
function folder(): string {
  const dir = tempFolder('stylegraph-inputs-');
  writeFileSync(join(dir, 'a.png'), greyPng(4, 4, 1));
  mkdirSync(join(dir, 'frames'));
  for (const n of [1, 2]) writeFileSync(join(dir, 'frames', `f${n}.png`), greyPng(4, 4, n));
  return dir;
}

test('good inputs: each by the path the graph writes, as an absolute path; outputs are not inputs', async () => {
  const dir = folder();
  const checked = await checkInputFiles(graph([
    { id: 'content', type: 'image.load', path: 'a.png' },
    { id: 'frames', type: 'video.frames', path: 'frames' },
    { id: 'out', type: 'image.output', path: 'missing.png' },
  ]), dir, MAX);
  assert.deepEqual(checked.problems, []);
  assert.deepEqual([...checked.inputs], [['a.png', join(dir, 'a.png')], ['frames', join(dir, 'frames')]]);
});

test('each problem names the node and the path: missing, a folder, an image bomb, a link out of the folder', async () => {
  const dir = folder();
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, 'bomb.png'), pngBytes(30000, 30000));
  const outside = tempFolder('stylegraph-outside-');
  writeFileSync(join(outside, 'secret.png'), greyPng(2, 2, 0));
  symlinkSync(join(outside, 'secret.png'), join(dir, 'link.png'));
  const checked = await checkInputFiles(graph([
    { id: 'missing', type: 'image.load', path: 'nope.png' },
    { id: 'folder', type: 'image.load', path: 'sub' },
    { id: 'bomb', type: 'image.load', path: 'bomb.png' },
    { id: 'link', type: 'image.load', path: 'link.png' },
    { id: 'ok', type: 'image.load', path: 'a.png' },
  ]), dir, MAX);
  assert.deepEqual([...checked.inputs.keys()], ['a.png']);
  const messages = checked.problems.map((p) => p.message);
  assert.equal(messages.length, 4);
  assert.equal(messages[0], `node "missing" (image.load): path "nope.png" is not there (${join(dir, 'nope.png')})`);
  assert.equal(messages[1], 'node "folder" (image.load): path "sub" is a folder, not an image file');
  assert.match(messages[2]!, /^node "bomb" \(image\.load\): path "bomb\.png" .*30000x30000/);
  assert.match(messages[3]!, /^node "link" \(image\.load\): path .*outside/);
  assert.deepEqual(checked.problems.map((p) => p.nodeId), ['missing', 'folder', 'bomb', 'link']);
});

test('a frames source: a file that is no video, a folder of mixed sizes', async () => {
  const dir = folder();
  writeFileSync(join(dir, 'frames', 'f3.png'), greyPng(5, 4, 3));
  writeFileSync(join(dir, 'clip.txt'), 'x');
  const checked = await checkInputFiles(graph([
    { id: 'a', type: 'video.frames', path: 'frames' },
    { id: 'b', type: 'video.frames', path: 'clip.txt' },
  ]), dir, MAX);
  assert.equal(checked.inputs.size, 0);
  assert.deepEqual(checked.problems.map((p) => p.message), [
    'node "a" (video.frames): path "frames": frame "f3.png" is 5x4 but frame "f1.png" is 4x4: every frame must be the same size',
    'node "b" (video.frames): path "clip.txt" is a file, neither a folder of frames nor a video file (.mp4, .webm, .mov, .mkv, .avi, .gif, …)',
  ]);
});

test('a face folder: a file is refused; a symbolic link in it is left out with a note', async () => {
  const dir = folder();
  mkdirSync(join(dir, 'faces', 'ada'), { recursive: true });
  writeFileSync(join(dir, 'faces', 'ada', 'one.png'), greyPng(4, 4, 5));
  symlinkSync(join(dir, 'a.png'), join(dir, 'faces', 'ada', 'two.png'));
  const checked = await checkInputFiles(graph([
    { id: 'db', type: 'face.database', path: 'faces' },
    { id: 'file', type: 'face.database', path: 'a.png' },
  ]), dir, MAX);
  assert.deepEqual([...checked.inputs], [['faces', join(dir, 'faces')]]);
  assert.deepEqual(checked.problems.map((p) => p.message), ['node "file" (face.database): path "a.png" is a file, not a folder']);
  assert.equal(checked.notes.length, 1);
  assert.match(checked.notes[0]!, /^node "db" \(face\.database\): path "faces": .*two\.png/);
});
