import { describe, it, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { writeTfjsWeights } from '../../src/core/model/tfjs-weights';
import { randomVggWeights } from '../helpers/weight-files';
import { loadVggModel } from '../../webview/vgg-weights';

/** Where the host serves the weights to the page (a webview resource URI); nothing is fetched from the network. */
const BASE = 'https://file+.vscode-resource.vscode-cdn.net/weights/vgg19-tfjs/';
const realFetch = globalThis.fetch;
const set = randomVggWeights(3);

/** Serves `files` (URI -> bytes) as fetch would, recording the URIs asked for; anything else is a 404. */
function serve(files: ReadonlyMap<string, Uint8Array>): string[] {
  const asked: string[] = [];
  globalThis.fetch = (async (input: string | URL | Request) => {
    const uri = String(input);
    asked.push(uri);
    const bytes = files.get(uri);
    return bytes ? new Response(new Blob([bytes as Uint8Array<ArrayBuffer>])) : new Response('not found', { status: 404 });
  }) as typeof fetch;
  return asked;
}

function weightFiles(shardBytes: number): Map<string, Uint8Array> {
  const { modelJson, shards } = writeTfjsWeights(set, shardBytes);
  return new Map([[`${BASE}model.json`, new TextEncoder().encode(modelJson)], ...shards.map((s) => [`${BASE}${s.path}`, s.bytes] as [string, Uint8Array])]);
}

afterEach(() => {
  globalThis.fetch = realFetch;
});

describe('loadVggModel', () => {
  it('fetches model.json, then each shard next to it, and makes the model of the weights', async () => {
    await tf.setBackend('cpu');
    const files = weightFiles(1000);
    assert.ok(files.size > 3, 'several shards');
    const asked = serve(files);
    const model = await loadVggModel(`${BASE}model.json`, 'the test weights');
    try {
      assert.deepEqual(asked, [...files.keys()]);
      assert.deepEqual(model.widths, [...set.layers.values()].map((w) => w.outChannels));
      assert.equal(model.source, 'the test weights');
    } finally {
      model.dispose();
    }
  });

  it('names the URI and the HTTP status of a file that cannot be fetched', async () => {
    const files = weightFiles(1000);
    const missing = [...files.keys()][2]!;
    files.delete(missing);
    serve(files);
    const shard = missing.slice(BASE.length);
    await assert.rejects(loadVggModel(`${BASE}model.json`, 'w'), { message: `w: cannot read weight shard ${shard}: ${missing}: HTTP 404` });
    serve(new Map());
    await assert.rejects(loadVggModel(`${BASE}model.json`, 'w'), { message: `${BASE}model.json: HTTP 404` });
  });
});
