import { test } from 'node:test';
import assert from 'node:assert/strict';
import { liveEvents } from '../../src/node/engine/live-events';
import type { EngineEvent } from '../../src/core/protocol/engine-messages';
import type { PreviewEvent, ProgressEvent } from '../../src/core/run/executor';

const step = (iteration: number): ProgressEvent => ({ iteration, iterations: 100, scale: 1, scales: 1, size: [8, 8], loss: 1 / iteration, losses: {}, ms: iteration });
const iterations = (events: EngineEvent[]) => events.map((e) => (e.kind === 'progress' ? e.events.map((p) => p.iteration) : e.kind === 'preview' ? `preview ${e.event.iteration}` : e.kind));
const preview = (iteration: number): PreviewEvent => ({ iteration, image: { width: 1, height: 1, data: new Uint8Array(4) } });

test('live events: the first iteration goes at once, the next ones together after the interval, in order', async () => {
  const sent: EngineEvent[] = [];
  const batches = liveEvents((e) => sent.push(e), 40);
  batches.progress(step(1));
  assert.deepEqual(iterations(sent), [[1]], 'the first at once');
  for (let k = 2; k <= 5; k++) batches.progress(step(k));
  assert.deepEqual(iterations(sent), [[1]], 'the next wait for the interval');
  await new Promise((resolve) => setTimeout(resolve, 80));
  assert.deepEqual(iterations(sent), [[1], [2, 3, 4, 5]], 'sent together by the timer, none lost');
  batches.progress(step(6));
  assert.deepEqual(iterations(sent), [[1], [2, 3, 4, 5], [6]], 'after a quiet interval, at once again');
});

test('live events: any other event sends the progress before it first; nothing is left behind', async () => {
  const sent: EngineEvent[] = [];
  const batches = liveEvents((e) => sent.push(e), 10_000);
  batches.progress(step(1));
  batches.progress(step(2));
  batches.progress(step(3));
  batches.reply({ kind: 'stage', stage: 'running' });
  batches.reply({ kind: 'queued', behind: 'b' });
  assert.deepEqual(iterations(sent), [[1], [2, 3], 'stage', 'queued']);
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(sent.length, 4, 'no empty batch later, and the timer was cleared');
});

test('live events: of the previews within an interval only the latest goes, after the progress before it', async () => {
  const sent: EngineEvent[] = [];
  const live = liveEvents((e) => sent.push(e), 40);
  live.progress(step(1));
  live.progress(step(2));
  live.preview(preview(2));
  live.progress(step(3));
  live.preview(preview(3));
  live.progress(step(4));
  await new Promise((resolve) => setTimeout(resolve, 80));
  assert.deepEqual(iterations(sent), [[1], [2, 3, 4], 'preview 3']);
  live.reply({ kind: 'stage', stage: 'running' });
  assert.deepEqual(iterations(sent), [[1], [2, 3, 4], 'preview 3', 'stage'], 'nothing was pending');
});
