import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeCanonical } from '../../src/core/graph/canonical';
import { applyOverrides } from '../../src/core/graph/overrides';
import { loadGraph } from '../../src/core/graph/load';
import type { Graph } from '../../src/core/graph/types';
import type { Problem } from '../../src/core/graph/problems';
import type { EngineEvent } from '../../src/core/protocol/engine-messages';
import type { WebviewMessage } from '../../src/core/protocol/messages';
import type { RunResult } from '../../src/core/run/executor';
import type { RawImage } from '../../src/core/image/raw-image';
import { EXAMPLES, SEED_GRAPH } from '../helpers/paths';
import { webviewModule } from '../helpers/webview-module';

interface RunController {
  run(): Promise<void>;
  engineEvent(job: number, event: EngineEvent): void;
  setWeights(weights: { modelJsonUri: string; source: string }): void;
  setWeightsError(message: string): void;
  saveImage(): Promise<void>;
}
const { RunController } = webviewModule<{ RunController: new (views: unknown, post: (m: WebviewMessage) => void) => RunController }>('run-controller');

const seed = loadGraph(readFileSync(SEED_GRAPH, 'utf8')).graph!;
const verify = loadGraph(readFileSync(join(EXAMPLES, 'verify.stylegraph.json'), 'utf8')).graph!;
const image: RawImage = { width: 2, height: 1, data: new Uint8Array(8) };
const result: RunResult = { status: 'done', iterations: 3, image, outputs: [], seconds: 1, stats: {} as RunResult['stats'] };

/** A run controller over stand-ins for the toolbar, banners, previews, chart, document and strip, recording what it does. */
function controller(graph: Graph = seed, runSize = '') {
  const log = { posted: [] as WebviewMessage[], states: [] as string[], message: '', runErrors: [] as Problem[][], shownIterations: [] as number[], progress: [] as number[] };
  const views = {
    toolbar: {
      runButton: { disabled: false },
      runSize: () => runSize,
      backendChoice: () => 'wasm',
      backend: () => 'wasm',
      frameCount: () => 1,
      startProgress: () => undefined,
      showProgress: (i: number) => log.progress.push(i),
      setRunState: (state: string, text: string) => log.states.push(`${state}: ${text}`),
      setBackend: () => undefined,
      updateButtons: () => undefined,
    },
    banners: {
      message: { get textContent() { return log.message; } },
      showMessage: (m: string) => {
        log.message = m;
      },
      showTrust: () => undefined,
    },
    previews: { preview: { dataset: {} as Record<string, string> }, outputCanvases: () => new Map(), show: (_i: RawImage, iteration: number) => log.shownIterations.push(iteration) },
    chart: { reset: () => undefined, addPoint: () => undefined, markScale: () => undefined },
    doc: { graph, parsed: true, problems: [], editable: true, setRunErrors: (list: Problem[]) => log.runErrors.push(list) },
    strip: { clear: () => undefined },
  };
  return { log, rc: new RunController(views, (m) => log.posted.push(m)) };
}
const types = (posted: WebviewMessage[]) => posted.map((m) => m.type);
const progress = (iteration: number) => ({ iteration, iterations: 3, scale: 1, scales: 1, size: [1, 2] as [number, number], loss: 2, losses: { j_total: 2 }, ms: iteration });

describe('a run on the host engine', () => {
  it('posts the run, shows its backend and progress, and has the host record it when done', async () => {
    const { rc, log } = controller();
    const running = rc.run();
    assert.deepEqual(types(log.posted), ['engineRun']);
    assert.equal((log.posted[0] as { backend: string }).backend, 'wasm');
    rc.engineEvent(1, { kind: 'backend', backend: 'wasm', threads: 1 });
    rc.engineEvent(1, { kind: 'progress', events: [progress(1), progress(2)] });
    rc.engineEvent(1, { kind: 'done', result, crops: [] });
    await running;
    assert.deepEqual(types(log.posted), ['engineRun', 'runState', 'recordRun', 'runState']);
    assert.deepEqual(log.posted[1], { type: 'runState', running: true, backend: 'wasm' });
    assert.deepEqual(log.posted[3], { type: 'runState', running: false, backend: 'wasm' });
    const record = log.posted[2] as { graphText: string; info: { iterations: number; status: string } };
    assert.equal(record.graphText, writeCanonical(seed));
    assert.deepEqual([record.info.iterations, record.info.status], [3, 'done']);
    assert.deepEqual(log.progress, [1, 2]);
    assert.deepEqual(log.shownIterations, [3]);
    assert.equal(log.states[0], 'loading: starting');
    assert.match(log.states.at(-1)!, /^done: done: 3 iterations in [\d.]+ s$/);
  });

  it('runs at the toolbar\'s run size, but records the graph as it was', async () => {
    const { rc, log } = controller(seed, '64x96');
    const running = rc.run();
    assert.equal((log.posted[0] as { graphText: string }).graphText, writeCanonical(applyOverrides(seed, { size: [64, 96] })));
    rc.engineEvent(1, { kind: 'done', result, crops: [] });
    await running;
    assert.equal((log.posted.find((m) => m.type === 'recordRun') as { graphText: string }).graphText, writeCanonical(seed));
  });

  it('a second Run while one starts does nothing', async () => {
    const { rc, log } = controller();
    const first = rc.run();
    await rc.run();
    assert.deepEqual(types(log.posted), ['engineRun']);
    rc.engineEvent(1, { kind: 'done', result, crops: [] });
    await first;
  });
});

describe('a run that fails or is stopped', () => {
  it('shows the error, badges the node it names, and asks the host to show it', async () => {
    const { rc, log } = controller();
    const running = rc.run();
    rc.engineEvent(1, { kind: 'error', message: 'node "style": cannot read samples/x.png', nodeId: 'style' });
    await running;
    assert.equal(log.message, 'node "style": cannot read samples/x.png');
    assert.deepEqual(log.runErrors.at(-1), [{ code: 'structure', message: 'node "style": cannot read samples/x.png', nodeId: 'style' }]);
    assert.deepEqual(types(log.posted), ['engineRun', 'showError', 'runState']);
    assert.equal(log.states.at(-1), 'error: error');
  });

  it('an error the host has shown already is not shown again; a stop before the start is no error', async () => {
    const shown = controller();
    const running = shown.rc.run();
    shown.rc.engineEvent(1, { kind: 'error', message: 'no weights', shown: true });
    await running;
    assert.deepEqual(types(shown.log.posted), ['engineRun', 'runState']);
    const stopped = controller();
    const run2 = stopped.rc.run();
    stopped.rc.engineEvent(1, { kind: 'error', message: 'stopped', stopped: true });
    await run2;
    assert.equal(stopped.log.states.at(-1), 'cancelled: stopped');
    assert.equal(stopped.log.message, '');
  });
});

describe('an evaluation, weights and saving', () => {
  it('a graph without an optimizer is evaluated once, and says how long it took', async () => {
    const { rc, log } = controller(verify);
    const evaluating = rc.run();
    assert.deepEqual(types(log.posted), ['engineEvaluate']);
    rc.engineEvent(1, { kind: 'evaluated', results: [], images: [], scalars: [], seconds: 2, stopped: false });
    await evaluating;
    assert.equal(log.states.at(-1), 'done: done: evaluated in 2.0 s');
    assert.equal(log.posted.some((m) => m.type === 'recordRun'), false, 'nothing is recorded');
  });

  it('a weights error shows until the weights come', () => {
    const { rc, log } = controller();
    rc.setWeightsError('no VGG-19 weights: download them');
    assert.equal(log.message, 'no VGG-19 weights: download them');
    rc.setWeights({ modelJsonUri: 'https://x/model.json', source: 'keras' });
    assert.equal(log.message, '');
    assert.equal(log.states.at(-1), 'idle: weights ready');
  });

  it('Save image before any run says there is nothing to save', async () => {
    const { rc, log } = controller();
    await rc.saveImage();
    assert.equal(log.message, 'Nothing to save yet: run the graph first.');
    assert.deepEqual(log.posted, []);
  });
});
