import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readImageFile } from '../../src/node/image-file';
import { findFfmpeg } from '../../src/node/ffmpeg-find';
import { probeVideo, videoFrames } from '../../src/node/video-file';
import { randomVggWeights, writeTfjsFiles } from '../helpers/weight-files';
import { runCli, workspaceCopy } from '../helpers/cli';

/**
 * Video files in video.frames and the video.output node, with the ffmpeg the machine has (CI
 * apt-installs Debian's): a clip made here from the example's PNG frames, the example graph at
 * 48x64 with narrow random test weights on 6 of its frames.
 */
const found = findFfmpeg();
const ffmpeg = 'path' in found ? found.path : undefined;
const NO_FFMPEG = `no ffmpeg to make and read videos with (${'missing' in found ? found.missing : ''})`;

let ws: string;
let weights: string;
before(async () => {
  ws = workspaceCopy();
  weights = await writeTfjsFiles(randomVggWeights(1), join(ws, 'weights'));
  if (!ffmpeg) return;
  // 8 frames of the example's pan at 5 fps, near lossless H.264 (4:4:4, qp 0).
  execFileSync(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-framerate', '5', '-i', join(ws, 'examples', 'samples', 'pan', 'frame%d.png'), '-frames:v', '8', '-c:v', 'libx264', '-qp', '0', '-pix_fmt', 'yuv444p', join(ws, 'examples', 'clip.mp4')]);
});

interface GraphJson { nodes: { id: string; type: string; params: Record<string, unknown>; ui?: unknown }[]; edges: { from: string; to: string }[] }
interface Line { event: string; frame?: number; frames?: number; image?: string; path?: string; node?: string }

/** examples/video.stylegraph.json reading `path`, 6 frames, 4 steps then 2 a frame; with a video.output at `video` when given. */
function variant(name: string, path: string, video?: string): string {
  const graph = JSON.parse(readFileSync(join(ws, 'examples', 'video.stylegraph.json'), 'utf8')) as GraphJson;
  const node = (id: string) => graph.nodes.find((n) => n.id === id)!;
  node('frames').params.path = path;
  node('frames').params.count = 6;
  node('adam').params.iterations = 4;
  node('frames').params.iterationsPerFrame = 2;
  node('result').params.path = '';
  if (video !== undefined) {
    graph.nodes.push({ id: 'video', type: 'video.output', params: { path: video, fps: 6 } });
    graph.edges.push({ from: 'adam.image', to: 'video.image' });
  }
  const file = join(ws, 'examples', `${name}.stylegraph.json`);
  writeFileSync(file, JSON.stringify(graph));
  return file;
}

const run = (graph: string, out: string, env: Record<string, string> = {}) =>
  runCli(['run', graph, '--weights', weights, '--size', '48x64', '--backend', 'cpu', '--json', '--out', out], { cwd: ws, env });

/** Mean absolute difference of two images' RGB, 0-255. */
function difference(a: { data: Uint8Array }, b: { data: Uint8Array }): number {
  let sum = 0;
  for (let i = 0; i < a.data.length; i++) if (i % 4 !== 3) sum += Math.abs(a.data[i]! - b.data[i]!);
  return sum / (a.data.length * 0.75);
}

test('a video file\'s frames, decoded by ffmpeg on a pipe, are the frames it was made of, in order', async (t) => {
  if (!ffmpeg) return t.skip(NO_FFMPEG);
  const clip = join(ws, 'examples', 'clip.mp4');
  const header = await probeVideo(ffmpeg, clip, 64_000_000);
  assert.deepEqual([header.width, header.height, header.frames], [160, 120, 8]);
  const frames = videoFrames(ffmpeg, clip, header, 64_000_000);
  try {
    for (const index of [0, 1, 5, 2, 7]) { // forwards, skipping, then back (ffmpeg starts again)
      const frame = await frames.read(index);
      const source = await readImageFile(join(ws, 'examples', 'samples', 'pan', `frame${index + 1}.png`));
      const own = difference(frame, source);
      const next = difference(frame, await readImageFile(join(ws, 'examples', 'samples', 'pan', `frame${index === 7 ? 7 : index + 2}.png`)));
      assert.ok(own < 3 && own < next, `frame ${index}: ${own.toFixed(2)} from its PNG, ${next.toFixed(2)} from a neighbour`);
    }
    await assert.rejects(frames.read(8), /the video ended after 8 frames/);
  } finally {
    frames.close();
  }
});

test('the video example from a video file at 48x64, 6 frames: one PNG a frame, and video.output\'s mp4 holds 6 frames of 64x48', async (t) => {
  if (!ffmpeg) return t.skip(NO_FFMPEG);
  const graph = variant('video-clip', 'clip.mp4', 'styled.mp4');
  const validated = await runCli(['validate', graph], { cwd: ws });
  assert.equal(validated.code, 0, validated.stdout + validated.stderr);
  const r = await run(graph, join(ws, 'clip-out', 'frame%04d.png'));
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Line);
  assert.deepEqual(lines.filter((e) => e.event === 'frame').map((e) => e.frame), [1, 2, 3, 4, 5, 6]);
  for (const e of lines.filter((l) => l.event === 'frame')) {
    const image = await readImageFile(e.image!);
    assert.deepEqual([image.width, image.height], [64, 48]);
  }
  assert.deepEqual(readdirSync(join(ws, 'clip-out')).sort(), [1, 2, 3, 4, 5, 6].map((k) => `frame${String(k).padStart(4, '0')}.png`));
  const video = join(ws, 'examples', 'styled.mp4');
  assert.deepEqual(lines.filter((e) => e.event === 'video'), [{ ...lines.find((e) => e.event === 'video'), event: 'video', node: 'video', path: video, frames: 6 }]);
  // Read back by ffmpeg itself: every frame decoded, and the stream's size.
  const info = spawnText(ffmpeg, ['-hide_banner', '-nostdin', '-i', video, '-map', '0:v:0', '-f', 'null', '-']);
  assert.match(info, /Stream #0:0.*Video: h264.*, 64x48[ ,]/);
  assert.match(info, /frame=\s*6 /);
  assert.deepEqual(readdirSync(join(ws, 'examples')).filter((n) => n.startsWith('styled.mp4')), ['styled.mp4'], 'no temporary left beside it');
});

/** What a program prints on stderr (ffmpeg's stream lines and frame count). */
function spawnText(program: string, args: string[]): string {
  return spawnSync(program, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).stderr;
}

test('bad videos: one clear problem naming the node, nothing written', async (t) => {
  if (!ffmpeg) return t.skip(NO_FFMPEG);
  // Over a 1 MP limit that the example's style image (1000x872) is within.
  execFileSync(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'color=c=gray:s=1200x1000:r=5:d=0.4', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', join(ws, 'examples', 'large.mp4')]);
  writeFileSync(join(ws, 'examples', 'corrupt.mp4'), Buffer.from('not a video, only some bytes'.repeat(40)));
  const cases: [string, string, Record<string, string>, RegExp][] = [
    ['corrupt', 'corrupt.mp4', {}, /node "frames" \(video\.frames\): path "corrupt\.mp4" cannot be read as a video \(ffmpeg: [^\n]+\)$/m],
    ['large', 'large.mp4', { STYLEGRAPH_MAX_PIXELS: '1000000' }, /node "frames" \(video\.frames\): path "large\.mp4" declares 1200x1000 pixels \(1\.2 MP\), over the 1 MP limit \(STYLEGRAPH_MAX_PIXELS\)$/m],
    ['missing', 'clip.mp4', { STYLEGRAPH_FFMPEG: join(ws, 'no-ffmpeg-here') }, /node "frames" \(video\.frames\): path "clip\.mp4": reading a video file needs ffmpeg, and none was found \(STYLEGRAPH_FFMPEG is \/\S+\/no-ffmpeg-here, which is not an executable file\): install ffmpeg .* or set STYLEGRAPH_FFMPEG to its path; a folder of PNG or JPEG frames needs none$/m],
  ];
  for (const [name, path, env, expected] of cases) {
    // Without ffmpeg a video.output would be a second problem (the last test): this one reads only.
    const graph = variant(`bad-${name}`, path, name === 'missing' ? undefined : `bad-${name}.mp4`);
    const r = await run(graph, join(ws, `bad-${name}`, 'f%04d.png'), env);
    assert.equal(r.code, 1, `${name}: ${r.stderr}`);
    assert.match(r.stderr, new RegExp(`^stylegraph: ${expected.source}`, 'm'), name);
    assert.equal(r.stderr.trim().split('\n').filter((l) => /node "/.test(l)).length, 1, `${name}: one problem: ${r.stderr}`);
    assert.ok(!existsSync(join(ws, `bad-${name}`)), `${name}: no frame written`);
    assert.ok(!existsSync(join(ws, 'examples', `bad-${name}.mp4`)), `${name}: no video written`);
    const validated = await runCli(['validate', graph], { cwd: ws, env });
    assert.equal(validated.code, 1, name);
    assert.match(validated.stdout, new RegExp(`^ {2}- ${expected.source}`, 'm'), `${name}: validate says it too`);
  }
});

test('without ffmpeg (none on PATH, STYLEGRAPH_FFMPEG unset) a video.output is one problem before the run; frame folders still validate', async () => {
  const graph = variant('no-ffmpeg-output', 'samples/pan', 'styled.mp4');
  const env = { PATH: join(ws, 'empty-path'), STYLEGRAPH_FFMPEG: '' };
  const r = await runCli(['validate', graph], { cwd: ws, env });
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /^ {2}- node "video" \(video\.output\): writing the video "styled\.mp4" needs ffmpeg, and none was found \(no ffmpeg on PATH and STYLEGRAPH_FFMPEG is not set\): install ffmpeg \(Debian and Ubuntu: apt install ffmpeg; macOS: brew install ffmpeg; Windows: winget install ffmpeg\) or set STYLEGRAPH_FFMPEG to its path$/m);
  assert.equal(r.stdout.split('\n').filter((l) => l.startsWith('  - ')).length, 1, r.stdout);
  const ran = await run(graph, join(ws, 'no-ffmpeg-out', 'f%04d.png'), env);
  assert.equal(ran.code, 1, ran.stderr);
  assert.match(ran.stderr, /node "video" \(video\.output\): writing the video "styled\.mp4" needs ffmpeg/);
  assert.ok(!existsSync(join(ws, 'no-ffmpeg-out')), 'no frame written');
  const folder = await runCli(['validate', variant('no-ffmpeg-folder', 'samples/pan')], { cwd: ws, env });
  assert.equal(folder.code, 0, folder.stdout + folder.stderr);
});
