import { describe, it, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile } from '../../src/core/compile/plan';
import { compileEvaluation, type EvaluationPlan } from '../../src/core/compile/evaluation-plan';
import { writeCanonical } from '../../src/core/graph/canonical';
import { loadGraph } from '../../src/core/graph/load';
import { nodeDef } from '../../src/core/nodes/catalogue';
import type { EngineBackend, EngineEvent } from '../../src/core/protocol/engine-messages';
import type { WebviewMessage } from '../../src/core/protocol/messages';
import type { RawImage } from '../../src/core/image/raw-image';
import type { RunResult } from '../../src/core/run/executor';
import { EXAMPLES, SEED_GRAPH } from '../helpers/paths';
import { EngineJobError, HostEngine } from '../../webview/host-engine';
import { engineWatchers, type RunCallbacks, type RunEngine } from '../../webview/run-engine';

const plan = compile(loadGraph(readFileSync(SEED_GRAPH, 'utf8')).graph!);
const verifyPlan = compileEvaluation(loadGraph(readFileSync(join(EXAMPLES, 'verify.stylegraph.json'), 'utf8')).graph!);
const image = (v: number): RawImage => ({ width: 1, height: 1, data: new Uint8Array([v, v, v, 255]) });
const result = (outputs: RunResult['outputs'] = []): RunResult => ({ status: 'done', iterations: 3, image: image(1), outputs, seconds: 0.5, stats: {} as RunResult['stats'] });
const progress = (iteration: number) => ({ iteration, iterations: 3, scale: 1, scales: 1, size: [1, 1] as [number, number], loss: 1, losses: {}, ms: iteration });

/** A host engine whose posts are recorded; `backend` is the toolbar's choice. */
function engine(backend: EngineBackend = 'auto') {
  const posted: WebviewMessage[] = [];
  return { posted, engine: new HostEngine((m) => posted.push(m), () => backend) };
}

/** Run callbacks recording what they are told. */
function recorder() {
  const told: string[] = [];
  const callbacks: RunCallbacks = {
    onStage: (s) => told.push(`stage ${s}`),
    onBackend: (b, t) => told.push(`backend ${b} ${t}`),
    onQueued: (behind) => told.push(`queued ${behind}`),
    onProgress: (e) => told.push(`progress ${e.iteration}`),
    onPreview: (e) => told.push(`preview ${e.iteration}`),
  };
  return { told, callbacks };
}

const watched: ((e: RunEngine) => void)[] = [];
afterEach(() => {
  watched.forEach((w) => engineWatchers.delete(w));
  watched.length = 0;
});

describe('HostEngine.run', () => {
  it('posts the graph\'s canonical text with the backend, relays the job\'s events and resolves with its result', async () => {
    const { posted, engine: host } = engine('wasm');
    const { told, callbacks } = recorder();
    const running = host.run(plan, callbacks);
    assert.deepEqual(posted, [{ type: 'engineRun', job: 1, graphText: writeCanonical(plan.graph), backend: 'wasm', needsWeights: true }]);
    assert.equal(host.running, true);
    const events: EngineEvent[] = [
      { kind: 'queued', behind: 'other.stylegraph.json' },
      { kind: 'stage', stage: 'running' },
      { kind: 'backend', backend: 'wasm', threads: 4 },
      { kind: 'progress', events: [progress(1), progress(2)] },
      { kind: 'preview', event: { iteration: 2, image: image(9) } },
      { kind: 'done', result: result([{ nodeId: 'result', path: 'seed-result.png', image: image(7) }]), crops: [['face', 'no face found']] },
    ];
    host.receive(2, { kind: 'stage', stage: 'loading' }); // another job's
    for (const e of events) host.receive(1, e);
    const done = await running;
    assert.equal(done.iterations, 3);
    assert.deepEqual(told, ['queued other.stylegraph.json', 'stage running', 'backend wasm 4', 'progress 1', 'progress 2', 'preview 2']);
    assert.equal(host.running, false);
    assert.deepEqual([...host.lastRun!.outputs], [['result', image(7)]]);
    assert.deepEqual([...host.lastRun!.crops], [['face', 'no face found']]);
    host.receive(1, { kind: 'stage', stage: 'loading' });
    assert.equal(told.length, 6, 'a finished job hears nothing more');
  });

  it('tells the watchers when a run starts and ends, and forgets the last run while one goes', async () => {
    const { engine: host } = engine();
    const seen: boolean[] = [];
    const w = (e: RunEngine) => seen.push(e.running);
    watched.push(w);
    engineWatchers.add(w);
    const first = host.run(plan, recorder().callbacks);
    host.receive(1, { kind: 'done', result: result(), crops: [] });
    await first;
    assert.notEqual(host.lastRun, undefined);
    const second = host.run(plan, recorder().callbacks);
    assert.equal(host.lastRun, undefined);
    host.receive(2, { kind: 'error', message: 'x' });
    await assert.rejects(second);
    assert.deepEqual(seen, [true, false, true, false]);
  });

  it('refuses a second run while one goes', () => {
    const { posted, engine: host } = engine();
    void host.run(plan, recorder().callbacks);
    assert.throws(() => void host.run(plan, recorder().callbacks), /a run is going already/);
    assert.equal(posted.length, 1);
  });

  it('rejects with the job\'s error, its node, and whether it was stopped or shown already', async () => {
    const { engine: host } = engine();
    const running = host.run(plan, recorder().callbacks);
    host.receive(1, { kind: 'error', message: 'node "style": cannot read', nodeId: 'style', shown: true });
    const error = await running.then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof EngineJobError);
    assert.deepEqual([error.message, error.nodeId, error.stopped, error.shown], ['node "style": cannot read', 'style', false, true]);
    assert.equal(host.running, false);
  });

  it('Stop posts engineStop for the job going, and nothing when none goes', async () => {
    const { posted, engine: host } = engine();
    host.stop();
    assert.deepEqual(posted, []);
    const running = host.run(plan, recorder().callbacks);
    host.stop();
    assert.deepEqual(posted.at(-1), { type: 'engineStop', job: 1 });
    host.receive(1, { kind: 'error', message: 'stopped', stopped: true });
    const error = (await running.then(() => undefined, (e: unknown) => e)) as EngineJobError;
    assert.equal(error.stopped, true);
  });
});

describe('HostEngine.runFrames', () => {
  it('asks for the first N frames (all when undefined) and relays frame starts and frames', async () => {
    const { posted, engine: host } = engine();
    const { told, callbacks } = recorder();
    const frames = host.runFrames(plan, 2, {
      ...callbacks,
      onFrameStart: (f, n) => told.push(`frame ${f} of ${n}`),
      onFrame: (r) => told.push(`finished ${r.frame}`),
    });
    assert.equal((posted[0] as { frames?: number }).frames, 2);
    host.receive(1, { kind: 'frameStart', frame: 1, frames: 2 });
    host.receive(1, { kind: 'progress', events: [progress(1)] });
    host.receive(1, { kind: 'frame', frame: { frame: 1, frames: 2, sourceIndex: 0, image: image(3), loss: 1, iterations: 1, seconds: 0.1 } });
    host.receive(1, { kind: 'framesDone', status: 'done', finished: 2, frames: 2, seconds: 3 });
    assert.deepEqual(await frames, { status: 'done', finished: 2, frames: 2, seconds: 3 });
    assert.deepEqual(told, ['frame 1 of 2', 'progress 1', 'finished 1']);
    const all = host.runFrames(plan, undefined, { ...callbacks, onFrameStart: () => undefined, onFrame: () => undefined });
    assert.equal('frames' in posted[1]!, false);
    host.receive(2, { kind: 'framesDone', status: 'cancelled', finished: 0, frames: 5, seconds: 1 });
    assert.equal((await all).status, 'cancelled');
  });
});

describe('HostEngine.evaluate and inspect', () => {
  it('asks for the weights only when a node needs VGG-19 features, and keeps what was evaluated', async () => {
    const { posted, engine: host } = engine('cpu');
    const told: string[] = [];
    const evaluating = host.evaluate(verifyPlan, { onBackend: (b) => told.push(b), onQueued: (q) => told.push(q) });
    assert.deepEqual(posted[0], { type: 'engineEvaluate', job: 1, graphText: writeCanonical(verifyPlan.graph), backend: 'cpu', needsWeights: false });
    host.receive(1, { kind: 'backend', backend: 'cpu', threads: 1 });
    host.receive(1, { kind: 'evaluated', results: [], images: [['face_a', image(5)]], scalars: [['distance', 0.25]], seconds: 2, stopped: false });
    const finished = await evaluating;
    assert.deepEqual(told, ['cpu']);
    assert.equal(finished?.scalars.get('distance'), 0.25);
    assert.deepEqual(finished?.images.get('face_a'), image(5));
    assert.equal(host.lastEvaluation, finished);
    const withFeatures = { ...verifyPlan, nodes: [...verifyPlan.nodes, { ...verifyPlan.nodes[0]!, def: nodeDef('vgg19.layer')! }] } as EvaluationPlan;
    void host.evaluate(withFeatures, { onBackend: () => undefined, onQueued: () => undefined });
    assert.equal((posted[1] as { needsWeights: boolean }).needsWeights, true);
  });

  it('a stopped evaluation leaves nothing to show', async () => {
    const { engine: host } = engine();
    const evaluating = host.evaluate(verifyPlan, { onBackend: () => undefined, onQueued: () => undefined });
    host.receive(1, { kind: 'evaluated', results: [], images: [], scalars: [], seconds: 1, stopped: true });
    assert.equal(await evaluating, undefined);
    assert.equal(host.lastEvaluation, undefined);
  });

  it('inspect asks for a node\'s channels without counting as a run', async () => {
    const { posted, engine: host } = engine();
    const inspecting = host.inspect('gram_style_conv1_1', [3, 1]);
    assert.deepEqual(posted, [{ type: 'engineInspect', job: 1, nodeId: 'gram_style_conv1_1', channels: [3, 1] }]);
    assert.equal(host.running, false);
    const value = { kind: 'scalar' } as never;
    host.receive(1, { kind: 'inspected', value });
    assert.equal(await inspecting, value);
    void host.inspect('alpha');
    assert.deepEqual(posted[1], { type: 'engineInspect', job: 2, nodeId: 'alpha' });
  });
});
