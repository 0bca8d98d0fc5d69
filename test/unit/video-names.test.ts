import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VIDEO_FILE, videoContainer } from '../../src/core/paths/video-names';

test('VIDEO_FILE: video extensions in any case, at the end of the name only', () => {
  for (const name of ['a.mp4', 'b.MOV', 'c.webm', 'd.mpeg', 'e.mpg', 'f.m2ts', 'g.3gp', 'dir.png/h.gif']) assert.ok(VIDEO_FILE.test(name), name);
  for (const name of ['a.png', 'a.mp4.png', 'mp4', 'a.mp', 'a.mpeeg', 'a.mp4 ']) assert.ok(!VIDEO_FILE.test(name), name);
});

test('videoContainer: mp4 or webm by the extension, lower case; anything else none', () => {
  assert.equal(videoContainer('out/result.mp4'), 'mp4');
  assert.equal(videoContainer('RESULT.WebM'), 'webm');
  assert.equal(videoContainer('result.mov'), undefined);
  assert.equal(videoContainer('result.mp4.png'), undefined);
  assert.equal(videoContainer('webm'), undefined);
});
