import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseWebviewMessage } from '../../src/core/protocol/messages';
import { endsJob, type FrameResult } from '../../src/core/protocol/engine-messages';
import { framesSourceOf } from '../../src/core/nodes/frame-usage';
import { loadGraph } from '../../src/core/graph/load';
import { REPO, SEED_GRAPH } from '../helpers/paths';

const result = (frame: number, frames = 4): FrameResult => ({ frame, frames, sourceIndex: frame - 1, image: { width: 2, height: 1, data: new Uint8Array(8) }, loss: 1, iterations: 2, seconds: 0.1 });

describe('frame runs in the editor', () => {
  it('knows a frame graph by its node\'s catalogue entry, not its type name', () => {
    const video = loadGraph(readFileSync(join(REPO, 'examples', 'video.stylegraph.json'), 'utf8')).graph!;
    assert.equal(framesSourceOf(video)?.type, 'video.frames');
    assert.equal(framesSourceOf(loadGraph(readFileSync(SEED_GRAPH, 'utf8')).graph!), undefined);
  });

  it('protocol: an engineRun takes a positive frame count, and a frame run ends with framesDone', () => {
    const run = { type: 'engineRun', job: 1, graphText: '{}', backend: 'auto', needsWeights: true };
    assert.deepEqual(parseWebviewMessage({ ...run, frames: 3 }), { ...run, frames: 3 });
    assert.deepEqual(parseWebviewMessage(run), run);
    for (const frames of [0, -1, 1.5, '3', null]) assert.equal(parseWebviewMessage({ ...run, frames }), undefined, `frames ${String(frames)}`);
    assert.equal(endsJob({ kind: 'framesDone', status: 'cancelled', finished: 1, frames: 3, seconds: 1 }), true);
    assert.equal(endsJob({ kind: 'frame', frame: result(1) }), false);
    assert.equal(endsJob({ kind: 'frameStart', frame: 1, frames: 3 }), false);
  });
});
