import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, copyFileSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readImageFile } from '../../src/node/image-file';
import { runCli } from '../helpers/cli';
import { useCliWorkspace } from '../helpers/cli-workspace';
import { videoFrameRuns, type GraphJson } from '../helpers/video-frames';

const workspace = useCliWorkspace({ weightsSeed: 1 });
const { ws, weights } = workspace;
const { variant, runFrames } = videoFrameRuns(workspace);

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

test('the video example validates (its frame folder checked like image files)', async () => {
  const r = await runCli(['validate', join(ws, 'examples', 'video.stylegraph.json')], { cwd: ws });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /video\.stylegraph\.json: ok/);
});

test('the video example at 48x64, 6 frames: one PNG a frame, finite losses, and less flicker with loss.temporal than without', async () => {
  const withTemporal = await runFrames(variant('video-temporal', true, 'with'), join(ws, 'with', 'frame%04d.png'));
  assert.deepEqual(withTemporal.map((e) => [e.frame, e.frames]), [1, 2, 3, 4, 5, 6].map((k) => [k, 6]));
  for (const e of withTemporal) {
    assert.ok(Number.isFinite(e.loss), `frame ${e.frame}: loss ${e.loss}`);
    const image = await readImageFile(e.image);
    assert.deepEqual([image.width, image.height], [64, 48]);
    assert.ok(existsSync(join(ws, 'examples', 'with', `styled-${String(e.frame).padStart(4, '0')}.png`)), `image.output's frame ${e.frame}`);
  }
  assert.equal(withTemporal[0]!.temporalError, undefined, 'no temporal error on the first frame');
  assert.ok(withTemporal.slice(1).every((e) => Number.isFinite(e.temporalError)), JSON.stringify(withTemporal));
  assert.deepEqual(readdirSync(join(ws, 'with')).sort(), [1, 2, 3, 4, 5, 6].map((k) => `frame${String(k).padStart(4, '0')}.png`));

  const without = await runFrames(variant('video-plain', false, 'without'), join(ws, 'without', 'frame%04d.png'));
  const e1 = mean(withTemporal.slice(1).map((e) => e.temporalError!));
  const e0 = mean(without.slice(1).map((e) => e.temporalError!));
  console.log(`mean temporal error over frames 2-6: ${e1.toFixed(2)} with loss.temporal, ${e0.toFixed(2)} without; seconds a frame: ${withTemporal.map((e) => e.seconds.toFixed(2)).join(' ')}`);
  assert.ok(e1 < e0, `temporal error ${e1} with loss.temporal, ${e0} without`);
});

test('bad frame folders: one clear problem naming the node, nothing written', async () => {
  const cases: [string, (dir: string) => void, RegExp][] = [
    ['empty', () => undefined, /node "frames" \(video\.frames\): path "frames-[a-z]+" has no PNG or JPEG frames/],
    ['corrupt', (dir) => {
      copyFileSync(join(ws, 'examples', 'samples', 'pan', 'frame1.png'), join(dir, 'a1.png'));
      writeFileSync(join(dir, 'a2.png'), Buffer.from('not a png at all'));
    }, /node "frames" \(video\.frames\): path "frames-corrupt": frame "a2\.png" /],
    ['sizes', (dir) => {
      copyFileSync(join(ws, 'examples', 'samples', 'pan', 'frame1.png'), join(dir, 'a1.png'));
      copyFileSync(join(ws, 'examples', 'samples', 'chelsea.png'), join(dir, 'a2.png'));
    }, /node "frames" \(video\.frames\): path "frames-sizes": frame "a2\.png" is 451x300 but frame "a1\.png" is 160x120: every frame must be the same size/],
    ['video', (dir) => writeFileSync(join(dir, '..', 'clip.mp4'), Buffer.alloc(16)), /node "frames" \(video\.frames\): path "clip\.mp4"(:? cannot be read as a video \(ffmpeg: |: reading a video file needs ffmpeg)/],
  ];
  for (const [name, fill, expected] of cases) {
    const dir = join(ws, 'examples', `frames-${name}`);
    mkdirSync(dir, { recursive: true });
    fill(dir);
    const graph = JSON.parse(readFileSync(join(ws, 'examples', 'video.stylegraph.json'), 'utf8')) as GraphJson;
    graph.nodes.find((n) => n.id === 'frames')!.params.path = name === 'video' ? 'clip.mp4' : `frames-${name}`;
    const path = join(ws, 'examples', `bad-${name}.stylegraph.json`);
    writeFileSync(path, JSON.stringify(graph));
    const out = join(ws, `bad-${name}`, 'f%04d.png');
    const r = await runCli(['run', path, '--weights', weights, '--size', '48x64', '--iterations', '2', '--backend', 'cpu', '--out', out], { cwd: ws });
    assert.equal(r.code, 1, `${name}: ${r.stderr}`);
    assert.match(r.stderr, expected, name);
    assert.equal(r.stderr.trim().split('\n').filter((l) => /node "/.test(l)).length, 1, `${name}: one problem: ${r.stderr}`);
    assert.ok(!existsSync(join(ws, `bad-${name}`)), `${name}: nothing written`);
  }
});
