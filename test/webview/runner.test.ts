/**
 * The webview engine on tfjs's cpu backend in Node: the seed graph at 16x16 for 2 iterations, with
 * random narrow VGG-19 weights served as the host serves them (fetch stood in for).
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { compile, type Plan } from '../../src/core/compile/plan';
import { loadGraph } from '../../src/core/graph/load';
import { applyOverrides } from '../../src/core/graph/overrides';
import type { RawImage } from '../../src/core/image/raw-image';
import type { InspectedValue } from '../../src/core/inspect/inspected-value';
import { writeTfjsWeights } from '../../src/core/model/tfjs-weights';
import type { RunResult } from '../../src/core/run/executor';
import { SEED_GRAPH } from '../helpers/paths';
import { randomVggWeights } from '../helpers/weight-files';
import { webviewModule } from '../helpers/webview-module';

interface Callbacks {
  onStage(stage: string): void;
  onBackend(backend: string, threads: number): void;
  onQueued(behind: string): void;
  onProgress(e: { iteration: number }): void;
  onPreview(e: { iteration: number }): void;
}
interface EditorRunner {
  readonly running: boolean;
  readonly lastRun: { outputs: ReadonlyMap<string, RawImage> } | undefined;
  run(plan: Plan, callbacks: Callbacks): Promise<RunResult>;
  inspect(nodeId: string, channels?: readonly number[]): Promise<InspectedValue>;
  stop(): void;
}
interface Inputs {
  weights(): Promise<{ modelJsonUri: string; source: string }>;
  startBackend(): Promise<{ name: string; threads?: number }>;
  readImage(path: string): Promise<RawImage>;
  readFolder(path: string): Promise<never>;
}
const { EditorRunner } = webviewModule<{ EditorRunner: new (inputs: Inputs) => EditorRunner }>('runner');
const { engineWatchers } = webviewModule<{ engineWatchers: Set<(e: EditorRunner) => void> }>('run-engine');

const BASE = 'https://file+.vscode-resource.vscode-cdn.net/weights/';
const realFetch = globalThis.fetch;
before(() => {
  const { modelJson, shards } = writeTfjsWeights(randomVggWeights(5));
  const files = new Map([[`${BASE}model.json`, new TextEncoder().encode(modelJson)], ...shards.map((s) => [`${BASE}${s.path}`, s.bytes] as [string, Uint8Array])]);
  globalThis.fetch = (async (input: string | URL | Request) => {
    const bytes = files.get(String(input));
    return bytes ? new Response(new Blob([bytes as Uint8Array<ArrayBuffer>])) : new Response('', { status: 404 });
  }) as typeof fetch;
});
after(() => {
  globalThis.fetch = realFetch;
});

const seed = loadGraph(readFileSync(SEED_GRAPH, 'utf8')).graph!;
const plan = compile(applyOverrides(seed, { size: [16, 16], iterations: 2 }));
/** A 16x16 gradient, different for each path. */
const picture = (path: string): RawImage => {
  const data = new Uint8Array(16 * 16 * 4).map((_, i) => (i % 4 === 3 ? 255 : (i * (path.length + 3)) % 256));
  return { width: 16, height: 16, data };
};

function runner() {
  const read: string[] = [];
  const engine = new EditorRunner({
    weights: async () => ({ modelJsonUri: `${BASE}model.json`, source: 'keras' }),
    startBackend: async () => {
      await tf.setBackend('cpu');
      return { name: 'cpu' };
    },
    readImage: async (path) => {
      read.push(path);
      return picture(path);
    },
    readFolder: () => Promise.reject(new Error('no folders here')),
  });
  return { engine, read };
}

describe('EditorRunner', () => {
  it('has nothing to look inside before a run', async () => {
    await assert.rejects(runner().engine.inspect('gram_style_conv1_1'), { message: 'Run the graph to look inside this node.' });
  });

  it('runs a plan on its backend, telling the stages, backend and progress, and keeps the run to look inside', async () => {
    const { engine, read } = runner();
    const told: string[] = [];
    const watched: boolean[] = [];
    const watcher = (e: EditorRunner) => watched.push(e.running);
    engineWatchers.add(watcher);
    try {
      const result = await engine.run(plan, {
        onStage: (s) => told.push(`stage ${s}`),
        onBackend: (b, t) => told.push(`backend ${b} ${t}`),
        onQueued: () => told.push('queued'),
        onProgress: (e) => told.push(`progress ${e.iteration}`),
        onPreview: () => undefined,
      });
      assert.deepEqual([result.status, result.iterations, result.image.width, result.image.height], ['done', 2, 16, 16]);
      assert.deepEqual(told, ['backend cpu 1', 'stage loading', 'stage running', 'progress 1', 'progress 2']);
      assert.deepEqual(watched, [true, false]);
      assert.deepEqual(read.sort(), ['samples/chelsea.png', 'samples/hubble_deep_field.jpg']);
      assert.equal(engine.running, false);
      assert.deepEqual([...engine.lastRun!.outputs.keys()], ['result']);
      const gram = await engine.inspect('gram_style_conv1_1');
      if (gram.type !== 'gram') assert.fail(`a Gram's value, not ${gram.type}`);
      assert.equal(gram.values.length, gram.size * gram.size);
    } finally {
      engineWatchers.delete(watcher);
    }
  });

  it('Stop ends a run early, with what it has', async () => {
    const { engine } = runner();
    const result = await engine.run(plan, {
      onStage: () => undefined,
      onBackend: () => undefined,
      onQueued: () => undefined,
      onProgress: () => engine.stop(),
      onPreview: () => undefined,
    });
    assert.equal(result.status, 'cancelled');
    assert.equal(result.iterations, 1);
  });
});
