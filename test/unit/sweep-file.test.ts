import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isRunImageName, parseSweepFile, runImageName, writeSweepFile, type SweepFile } from '../../src/core/sweep/sweep-file';

const sweep: SweepFile = {
  graph: '../seed.stylegraph.json',
  vary: [{ keys: ['alpha.w'], values: [1, 10] }, { keys: ['content_conv4_2.layer', 'generated_conv4_2.layer'], values: ['conv3_2', 'conv4_2'] }],
  runs: [
    { params: { 'alpha.w': 1, 'content_conv4_2.layer': 'conv3_2', 'generated_conv4_2.layer': 'conv3_2' }, image: 'run-1.png', loss: 12.5, losses: { alpha: 2.5, j_total: 12.5 }, seconds: 1.25 },
  ],
};

test('sweep.json: the format of the issue, one axis and one run per line, and it reads back', () => {
  const text = writeSweepFile(sweep);
  assert.equal(text, `{
  "graph": "../seed.stylegraph.json",
  "vary": [
    {"keys":["alpha.w"],"values":[1,10]},
    {"keys":["content_conv4_2.layer","generated_conv4_2.layer"],"values":["conv3_2","conv4_2"]}
  ],
  "runs": [
    {"params":{"alpha.w":1,"content_conv4_2.layer":"conv3_2","generated_conv4_2.layer":"conv3_2"},"image":"run-1.png","loss":12.5,"losses":{"alpha":2.5,"j_total":12.5},"seconds":1.25}
  ]
}
`);
  assert.deepEqual(JSON.parse(text), sweep);
  assert.deepEqual(parseSweepFile(text), sweep);
  assert.deepEqual(parseSweepFile(writeSweepFile({ ...sweep, runs: [] })).runs, [], 'a sweep before its first run is valid too');
});

test('parseSweepFile names the first thing wrong', () => {
  assert.throws(() => parseSweepFile('[]'), /^Error: \$ must be an object$/);
  assert.throws(() => parseSweepFile('{"graph": 1}'), /\$\.graph must be a string/);
  assert.throws(() => parseSweepFile('{"graph": "g", "vary": [{"keys": ["a.w"], "values": [null]}], "runs": []}'), /\$\.vary\[0\]\.values\[0\] must be a number, string or boolean/);
  const run = { params: {}, image: 'run-1.png', loss: 'x', losses: {}, seconds: 1 };
  assert.throws(() => parseSweepFile(JSON.stringify({ graph: 'g', vary: [], runs: [run] })), /\$\.runs\[0\]\.loss must be a number/);
  assert.throws(() => parseSweepFile('{"graph": '), SyntaxError);
});

test('run image names sort in run order and are recognised', () => {
  assert.deepEqual([1, 9, 10, 12].map((k) => runImageName(k, 12)), ['run-01.png', 'run-09.png', 'run-10.png', 'run-12.png']);
  assert.equal(runImageName(3, 4), 'run-3.png');
  assert.ok(isRunImageName('run-07.png'));
  assert.ok(!isRunImageName('run-7.png.tmp-0123456789ab'));
  assert.ok(!isRunImageName('my-run.png'));
});
