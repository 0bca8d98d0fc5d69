/**
 * Runs a graph in the webview with the shared core: picks a tfjs backend (webgpu -> webgl ->
 * wasm -> cpu), loads the weights from the URI the host gives, decodes images with a 2D canvas,
 * and keeps one TargetCache per editor so re-runs reuse the constant targets.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { runPlan, type PreviewEvent, type ProgressEvent, type RunResult } from '../src/core/run/executor';
import { TargetCache } from '../src/core/run/target-cache';
import { readTfjsWeights } from '../src/core/model/tfjs-weights';
import { VggModel } from '../src/core/model/vgg-model';
import type { RawImage } from '../src/core/image/raw-image';
import type { Plan } from '../src/core/compile/plan';

export const BACKEND_ORDER = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;

let backendChoice: Promise<string> | undefined;

/** The first backend of BACKEND_ORDER that starts here (once per webview). */
export function chooseBackend(wasmBaseUri: string | undefined): Promise<string> {
  backendChoice ??= (async () => {
    tf.enableProdMode();
    if (wasmBaseUri) setWasmPaths(wasmBaseUri.endsWith('/') ? wasmBaseUri : `${wasmBaseUri}/`);
    for (const name of BACKEND_ORDER) {
      if (name === 'wasm' && !wasmBaseUri) continue;
      if (name === 'webgpu' && !('gpu' in navigator)) continue;
      try {
        if (await tf.setBackend(name)) {
          await tf.ready();
          return name;
        }
      } catch (e) {
        console.warn(`stylegraph: backend ${name} failed: ${(e as Error).message}`);
      }
    }
    throw new Error('no TensorFlow.js backend could start in this webview');
  })();
  return backendChoice;
}

/** Fetches bytes of a webview URI. */
async function fetchBytes(uri: string): Promise<Uint8Array> {
  const response = await fetch(uri);
  if (!response.ok) throw new Error(`${uri}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/** Decodes a PNG/JPEG at a webview URI to RGBA pixels with a 2D canvas. */
export async function decodeImage(uri: string): Promise<RawImage> {
  const blob = await (await fetch(uri)).blob();
  const bitmap = await createImageBitmap(blob);
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = canvas.getContext('2d')!;
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  return { width: canvas.width, height: canvas.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

/** Draws RGBA pixels on a 2D canvas, sized to the image. */
export function drawImage(canvas: HTMLCanvasElement, image: RawImage): void {
  canvas.width = image.width;
  canvas.height = image.height;
  const ctx = canvas.getContext('2d')!;
  ctx.putImageData(new ImageData(new Uint8ClampedArray(image.data), image.width, image.height), 0, 0);
}

/** PNG bytes of RGBA pixels. */
export async function encodePng(image: RawImage): Promise<Uint8Array> {
  const canvas = document.createElement('canvas');
  drawImage(canvas, image);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('the browser could not encode a PNG');
  return new Uint8Array(await blob.arrayBuffer());
}

export interface RunCallbacks {
  readonly onStage: (stage: 'loading' | 'running') => void;
  readonly onProgress: (event: ProgressEvent) => void;
  readonly onPreview: (event: PreviewEvent) => void;
}

/** One editor's runner: its weights, its cache, its current run. */
export class EditorRunner {
  private readonly cache = new TargetCache();
  private model: { uri: string; model: Promise<VggModel> } | undefined;
  private abort: AbortController | undefined;

  get running(): boolean {
    return this.abort !== undefined;
  }

  /** Loads (once per URI) the VGG-19 weights of a tfjs model.json and its shards. */
  private loadModel(modelJsonUri: string, source: string): Promise<VggModel> {
    if (this.model?.uri !== modelJsonUri) {
      const old = this.model;
      this.model = {
        uri: modelJsonUri,
        model: (async () => {
          (await old?.model.catch(() => undefined))?.dispose();
          const json = new TextDecoder().decode(await fetchBytes(modelJsonUri));
          const set = await readTfjsWeights(json, (path) => fetchBytes(new URL(path, modelJsonUri).toString()), source);
          return new VggModel(set);
        })(),
      };
      this.model.model.catch(() => (this.model = undefined));
    }
    return this.model.model;
  }

  async run(plan: Plan, weights: { modelJsonUri: string; source: string }, readImage: (path: string) => Promise<RawImage>, callbacks: RunCallbacks): Promise<RunResult> {
    if (this.abort) throw new Error('a run is going already');
    const abort = new AbortController();
    this.abort = abort;
    try {
      callbacks.onStage('loading');
      const model = await this.loadModel(weights.modelJsonUri, weights.source);
      let started = false;
      return await runPlan(plan, { model, readImage, cache: this.cache }, {
        signal: abort.signal,
        source: 'graph',
        onProgress: (e) => {
          if (!started) {
            started = true;
            callbacks.onStage('running');
          }
          callbacks.onProgress(e);
        },
        onPreview: callbacks.onPreview,
      });
    } finally {
      this.abort = undefined;
    }
  }

  stop(): void {
    this.abort?.abort();
  }

  /** Targets kept for the next run (tests read it through the status). */
  get cachedTargets(): number {
    return this.cache.size;
  }
}
