import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeArgs, encodeArgs, ffmpegFailure, ffmpegFile, parseProbe, probeArgs } from '../../src/node/ffmpeg-args';
import { pathProblems } from '../../src/core/graph/graph-paths';
import { validateGraph } from '../../src/core/graph/validate';
import type { Graph } from '../../src/core/graph/types';

test('ffmpeg is given file: and an absolute path, so a name starting with - is no option and no other protocol is reached', () => {
  assert.equal(ffmpegFile('/videos/-y.mp4'), 'file:/videos/-y.mp4');
  assert.equal(ffmpegFile('/v/concat:a.mp4|b.mp4'), 'file:/v/concat:a.mp4|b.mp4');
  assert.throws(() => ffmpegFile('-i.mp4'), /absolute paths only/);
  for (const args of [probeArgs('/v/-y.mp4', 100), decodeArgs('/v/-y.mp4', 100, undefined), encodeArgs('/v/-y.mp4.tmp-0123456789ab', 'mp4', 'libx264', 24)]) {
    assert.ok(!args.includes('/v/-y.mp4') && !args.some((a) => a.startsWith('-y.mp4')), args.join(' '));
    assert.ok(args.includes('-nostdin'), 'never reads keys from stdin');
  }
  assert.deepEqual(probeArgs('/v/a.mp4', 1234).slice(probeArgs('/v/a.mp4', 1234).indexOf('-max_pixels'), probeArgs('/v/a.mp4', 1234).indexOf('-i') + 2), ['-max_pixels', '1234', '-i', 'file:/v/a.mp4']);
});

test('decoding: raw RGBA on stdout, one frame per decoded frame (-vsync before ffmpeg 5.1, -fps_mode after)', () => {
  const args = decodeArgs('/v/a.mp4', 99, { major: 4, minor: 4 });
  assert.deepEqual(args.slice(args.indexOf('-f')), ['-f', 'rawvideo', '-pix_fmt', 'rgba', 'pipe:1']);
  assert.ok(args.join(' ').includes('-vsync passthrough'));
  assert.ok(decodeArgs('/v/a.mp4', 99, { major: 5, minor: 1 }).join(' ').includes('-fps_mode passthrough'));
  assert.ok(decodeArgs('/v/a.mp4', 99, undefined).join(' ').includes('-fps_mode passthrough'), 'a git build is taken as new');
});

test('encoding: PNGs on stdin; mp4 as H.264 yuv420p, webm as VP9, odd sizes padded even, the container given (the temporary name has none)', () => {
  const mp4 = encodeArgs('/v/out.mp4.tmp-0123456789ab', 'mp4', 'libx264', 12.5).join(' ');
  assert.match(mp4, /-f image2pipe -c:v png -framerate 12\.5 -i pipe:0 /);
  assert.match(mp4, /-vf pad=ceil\(iw\/2\)\*2:ceil\(ih\/2\)\*2 -pix_fmt yuv420p -c:v libx264 /);
  assert.match(mp4, / -f mp4 -y file:\/v\/out\.mp4\.tmp-0123456789ab$/);
  const webm = encodeArgs('/v/out.webm.tmp-0123456789ab', 'webm', 'libvpx-vp9', 24).join(' ');
  assert.match(webm, /-c:v libvpx-vp9 -b:v 0 -crf 31 .* -f webm -y file:/);
});

const PROBE = `ffmpeg version 5.1.9-0+deb12u1 Copyright (c) 2000-2026 the FFmpeg developers
Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'file:/tmp/clip.mp4':
  Duration: 00:00:01.60, start: 0.000000, bitrate: 43 kb/s
  Stream #0:0[0x1](und): Audio: aac (LC), 44100 Hz, mono
  Stream #0:1[0x2](und): Video: h264 (High) (avc1 / 0x31637661), yuv420p(tv, bt709, progressive), 160x120 [SAR 1:1 DAR 4:3], 38 kb/s, 5 fps (default)
Output #0, null, to 'pipe:':
  Stream #0:0(und): Video: h264 (High) (avc1 / 0x31637661), yuv420p(progressive), 999x999, q=2-31
`;

test('the probe: the first video stream\'s size (not the codec tag\'s 0x…), a rotation of 90 degrees swaps it, the last frame count, the version', () => {
  assert.deepEqual(parseProbe(PROBE, 'frame=1\nprogress=continue\nframe=8\nprogress=end\n'), { width: 160, height: 120, frames: 8, version: { major: 5, minor: 1 } });
  const turned = PROBE.replace('Output #0', '    Side data:\n      displaymatrix: rotation of -90.00 degrees\nOutput #0');
  assert.deepEqual(parseProbe(turned, 'frame=3\n'), { width: 120, height: 160, frames: 3, version: { major: 5, minor: 1 } });
  assert.deepEqual(parseProbe(PROBE.replace(/^.*Video.*$/gm, ''), ''), { problem: 'has no video stream' });
});

test('ffmpeg\'s failure in one line: its last line of substance, without the file name or codec tags, at most 200 characters', () => {
  assert.equal(ffmpegFailure('file:/tmp/a b.mp4: Invalid data found when processing input\n', '/tmp/a b.mp4'), 'Invalid data found when processing input');
  assert.equal(ffmpegFailure("Stream map '0:v:0' matches no streams.\nTo ignore this, add a trailing '?' to the map.\n"), 'has no video stream');
  assert.equal(ffmpegFailure('[h264 @ 0x5645] decode_slice_header error\n[h264 @ 0x5645] no frame!\nConversion failed!\n'), 'no frame!');
  assert.equal(ffmpegFailure(`${'x'.repeat(500)}\n`).length, 200);
  assert.equal(ffmpegFailure(''), 'no message');
});

/** A frame graph: frames -> generated -> optimizer -> video (the loss wiring is not what these checks read). */
function videoGraph(path: string, from = 'adam.image', frames = true): Graph {
  return {
    format: 'stylegraph', version: 1,
    nodes: [
      ...(frames ? [{ id: 'frames', type: 'video.frames', params: { path: 'clip.mp4' } }] : []),
      { id: 'adam', type: 'optimizer', params: {} },
      { id: 'video', type: 'video.output', params: { path } },
    ],
    edges: [{ from, to: 'video.image' }],
  } as unknown as Graph;
}

test('video.output: its path ends in .mp4 or .webm, its image is the optimizer\'s result, and the graph runs frames', () => {
  assert.deepEqual(pathProblems(videoGraph('out.mp4')), []);
  assert.deepEqual(pathProblems(videoGraph('out.WEBM')), []);
  assert.deepEqual(pathProblems(videoGraph('out.png')).map((p) => p.message), ['node "video": path "out.png" must end in .mp4 or .webm']);
  assert.deepEqual(pathProblems(videoGraph('clip.mp4')).map((p) => p.message), ['node "video": path "clip.mp4" is the image that node "frames" reads']);
  const messages = (g: Graph) => validateGraph(g).problems.filter((p) => p.code === 'video-output').map((p) => p.message);
  assert.deepEqual(messages(videoGraph('out.mp4')), []);
  assert.deepEqual(messages(videoGraph('out.mp4', 'frames.image')), ['node "video" (video.output): its image must be the optimizer\'s result (the frames written at --out), not node "frames"\'s image']);
  assert.deepEqual(messages(videoGraph('out.mp4', 'adam.image', false)), ['node "video" (video.output): a video is made of a frame run\'s frames, and the graph has no frames source (video.frames)']);
});
