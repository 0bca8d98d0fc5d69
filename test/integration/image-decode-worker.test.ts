import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { DecodeAnswer, DecodeRequest } from '../../src/node/image-decode';
import { parseImageHeader } from '../../src/core/image/image-header';
import { greyPng } from '../helpers/image-bytes';
import { REPO } from '../helpers/paths';

const WORKER = join(REPO, 'out', 'src', 'node', 'image-decode-worker.js');

/** Runs the worker script on `bytes` and returns its one answer. */
async function answerFor(bytes: Buffer): Promise<DecodeAnswer> {
  const read = parseImageHeader(greyPng(3, 3, 0));
  assert.ok(read.ok);
  const request: DecodeRequest = { bytes: new Uint8Array(bytes), header: read.header };
  const worker = new Worker(WORKER, { workerData: request });
  const [answer] = (await once(worker, 'message')) as [DecodeAnswer];
  await once(worker, 'exit');
  return answer;
}

test('the worker answers with the pixels of a 3x3 PNG', async () => {
  const answer = await answerFor(greyPng(3, 3, 250));
  assert.ok(answer.ok);
  assert.deepEqual([answer.width, answer.height, answer.data.length], [3, 3, 36]);
  assert.deepEqual([...answer.data.subarray(32)], [250, 250, 250, 255]);
});

test('the worker answers why it could not decode, and does not throw', async () => {
  const png = greyPng(3, 3, 250);
  const answer = await answerFor(png.subarray(0, png.length - 20));
  assert.deepEqual(answer, { ok: false, reason: 'is not a valid PNG: the file ends before its image data does' });
});
