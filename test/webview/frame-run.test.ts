import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { drawnOn, useDom } from '../helpers/dom';
import { EXAMPLES } from '../helpers/paths';
import { webviewModuleWithLitegraph } from '../helpers/webview-module';
import { loadGraph } from '../../src/core/graph/load';
import { compile, type Plan } from '../../src/core/compile/plan';
import { plottedTerms } from '../../src/core/compile/plotted-terms';
import type { LossLog } from '../../src/core/history/run-record';
import type { RawImage } from '../../src/core/image/raw-image';
import type { FrameResult, FramesEnded } from '../../src/core/protocol/engine-messages';
import type { ProgressEvent, PreviewEvent } from '../../src/core/run/executor';

interface FrameCallbacks {
  onStage(stage: string): void;
  onFrameStart(frame: number, frames: number): void;
  onProgress(e: ProgressEvent): void;
  onPreview(e: PreviewEvent): void;
  onFrame(result: FrameResult): void;
}
interface FakeEngine {
  runFrames?: (plan: Plan, count: number | undefined, callbacks: FrameCallbacks) => Promise<FramesEnded>;
}
interface Outcome {
  ended: FramesEnded;
  last: FrameResult | undefined;
  recorder: { log(): LossLog };
  iterations: number;
}
/** What these tests use of webview/frame-run.ts (it imports litegraph's and chart.js's types: see webview-module.ts). */
interface FrameRunModule {
  WEBVIEW_ENGINE_FRAMES: string;
  runFrameGraph(engine: FakeEngine, plan: Plan, count: number | undefined, views: unknown, stages: unknown, shown: (image: RawImage) => void): Promise<Outcome>;
}
let m: FrameRunModule;

useDom();
before(async () => {
  m = await webviewModuleWithLitegraph<FrameRunModule>('frame-run');
});

/** examples/video: 200 iterations on the first frame, 50 on each after. */
const plan = (): Plan => compile(loadGraph(readFileSync(join(EXAMPLES, 'video.stylegraph.json'), 'utf8')).graph!);
const image = (v: number): RawImage => ({ width: 1, height: 1, data: new Uint8Array([v, v, v, 255]) });
const progress = (iteration: number, iterations: number, ms: number, loss: number): ProgressEvent => ({ iteration, iterations, scale: 1, scales: 1, size: [1, 1], loss, losses: { j_total: loss, j_content: loss / 2 }, ms });
const frame = (n: number, iterations: number): FrameResult => ({ frame: n, frames: 2, sourceIndex: n - 1, image: image(100 + n), loss: 1, iterations, seconds: 1 });

/** Views that log what they are told. */
function views(followsRun = true) {
  const calls: string[] = [];
  const output = document.createElement('canvas');
  return {
    calls,
    output,
    views: {
      toolbar: {
        startProgress: (n: number) => calls.push(`progress 0/${n}`),
        showProgress: (i: number, n: number, ms: number) => calls.push(`progress ${i}/${n} ${ms} ms`),
        setRunState: (_state: string, words: string) => calls.push(words),
      },
      previews: {
        outputCanvases: () => new Map([['result', output]]),
        show: (img: RawImage, iteration: number) => calls.push(`preview ${img.data[0]} at ${iteration}`),
      },
      chart: {
        reset: () => calls.push('chart reset'),
        markScale: (i: number) => calls.push(`mark ${i}`),
        addPoint: (i: number, _losses: unknown, total: string, ids: string[]) => calls.push(`point ${i} ${total} ${ids.length}`),
      },
      strip: {
        followsRun,
        reset: () => calls.push('strip reset'),
        start: (f: number, n: number) => calls.push(`strip start ${f}/${n}`),
        finish: (r: FrameResult) => (calls.push(`strip finish ${r.frame}`), followsRun),
        end: () => calls.push('strip end'),
      },
    },
  };
}

const ended: FramesEnded = { status: 'done', finished: 2, frames: 2, seconds: 1.3 };

/** Two frames, a progress event and a preview on each. */
const twoFrames: FakeEngine['runFrames'] = async (_plan, _count, cb) => {
  cb.onFrameStart(1, 2);
  cb.onProgress(progress(200, 200, 1000, 8));
  cb.onPreview({ iteration: 200, image: image(1) });
  cb.onFrame(frame(1, 200));
  cb.onFrameStart(2, 2);
  cb.onProgress(progress(50, 50, 300, 4));
  cb.onPreview({ iteration: 50, image: image(2) });
  cb.onFrame(frame(2, 50));
  return ended;
};

test('the webview engine has no frame runs: the frames node says so', async () => {
  await assert.rejects(m.runFrameGraph({}, plan(), 2, views().views, {}, () => {}), (e: Error & { nodeId?: string }) => {
    assert.equal(e.message.includes(m.WEBVIEW_ENGINE_FRAMES), true);
    assert.equal(e.nodeId, 'frames');
    return true;
  });
});

test('progress, chart and previews count on across frames, a mark where each frame starts', async () => {
  const v = views();
  const shown: number[] = [];
  const counts: (number | undefined)[] = [];
  const p = plan();
  const out = await m.runFrameGraph({ runFrames: (pl, count, cb) => (counts.push(count), twoFrames!(pl, count, cb)) }, p, 2, v.views, {}, (img) => shown.push(img.data[0]!));
  const plotted = plottedTerms(p).length;
  assert.deepEqual(v.calls, [
    'chart reset', 'strip reset', 'progress 0/250',
    'progress 0/250', 'strip start 1/2', 'running frame 1 of 2',
    'progress 200/250 1000 ms', `point 200 j_total ${plotted}`,
    'preview 1 at 200',
    'strip finish 1', 'preview 101 at 200',
    'mark 201', 'strip start 2/2', 'running frame 2 of 2',
    'progress 250/250 1300 ms', `point 250 j_total ${plotted}`,
    'preview 2 at 250',
    'strip finish 2', 'preview 102 at 250',
    'strip end',
  ]);
  assert.deepEqual(counts, [2]);
  assert.deepEqual(shown, [1, 101, 2, 102]);
  assert.equal(drawnOn(v.output).data[0], 2);
  assert.equal(out.ended, ended);
  assert.equal(out.last?.frame, 2);
  assert.equal(out.iterations, 250);
  assert.deepEqual(out.recorder.log().rows.map((r) => r.slice(0, 2)), [[200, 1000], [250, 1300]]);
});

test('a frame the strip does not follow (one picked by the user) leaves the large preview alone', async () => {
  const v = views(false);
  const shown: number[] = [];
  await m.runFrameGraph({ runFrames: twoFrames }, plan(), undefined, v.views, {}, (img) => shown.push(img.data[0]!));
  assert.deepEqual(shown, []);
  assert.equal(v.calls.some((c) => c.startsWith('preview')), false);
  assert.equal(v.calls.at(-1), 'strip end');
});
