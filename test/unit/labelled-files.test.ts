import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FACE_IMAGE_FILE, labelOf } from '../../src/core/face/labelled-files';

test("a file's person: its sub-folder, else its name up to the first _ or -", () => {
  assert.equal(labelOf('alice/1.png'), 'alice');
  assert.equal(labelOf('bob_2.jpg'), 'bob');
  assert.equal(labelOf('carol-at-home.png'), 'carol');
  assert.equal(labelOf('dave.png'), 'dave');
});

test('the image files of a labelled folder: png, jpg and jpeg, in any case', () => {
  assert.deepEqual(['a.png', 'b.JPG', 'c.jpeg', 'd.Jpeg', 'e.gif', 'f.png.txt', 'png', 'g.jpe'].filter((f) => FACE_IMAGE_FILE.test(f)), ['a.png', 'b.JPG', 'c.jpeg', 'd.Jpeg']);
});
