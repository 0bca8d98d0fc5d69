/**
 * Starts the tfjs backend a run uses in the webview: the first of the user's choice that works here
 * (auto: a hardware webgpu, a hardware webgl, wasm, cpu; a software GPU never beats wasm).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { BackendChoice } from '../src/core/protocol/messages';
import { backendsToTry, isSoftwareAdapter, type BackendName } from './backend-choice';

/** The backend a run got, and for wasm its thread count (1 unless the page is cross-origin isolated). */
export interface StartedBackend {
  readonly name: BackendName;
  readonly threads?: number;
}

let wasmPathsSet = false;

/** Starts the first backend of the choice that works here; auto skips software GPUs (named on the console). */
export async function startBackend(choice: BackendChoice, wasmBaseUri: string | undefined): Promise<StartedBackend> {
  tf.enableProdMode();
  if (wasmBaseUri && !wasmPathsSet) {
    setWasmPaths(wasmBaseUri.endsWith('/') ? wasmBaseUri : `${wasmBaseUri}/`);
    wasmPathsSet = true;
  }
  const failures: string[] = [];
  for (const name of backendsToTry(choice)) {
    const why = await unusable(name, choice === 'auto', wasmBaseUri);
    if (why) {
      failures.push(`${name}: ${why}`);
      console.info(`stylegraph: backend ${name} skipped: ${why}`);
      continue;
    }
    try {
      if (tf.getBackend() === name || (await tf.setBackend(name))) {
        await tf.ready();
        return { name, ...(name === 'wasm' && { threads: getThreadsCount() }) };
      }
      failures.push(`${name}: did not start`);
    } catch (e) {
      failures.push(`${name}: ${(e as Error).message}`);
    }
  }
  throw new Error(`the ${choice === 'auto' ? 'TensorFlow.js backends' : `"${choice}" backend`} could not start in this webview (${failures.join('; ')})`);
}

/** Why a backend cannot or (auto) should not run here; undefined when it may. */
async function unusable(name: BackendName, auto: boolean, wasmBaseUri: string | undefined): Promise<string | undefined> {
  if (name === 'wasm') return wasmBaseUri ? undefined : 'no wasm files';
  if (name === 'webgpu') {
    const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<GpuAdapter | null> } }).gpu;
    const adapter = await gpu?.requestAdapter().catch(() => null);
    if (!adapter) return 'no WebGPU adapter';
    const info = adapter.info ?? (await adapter.requestAdapterInfo?.().catch(() => undefined));
    const facts = { isFallbackAdapter: adapter.isFallbackAdapter ?? info?.isFallbackAdapter, names: [info?.vendor, info?.architecture, info?.device, info?.description] };
    return auto && isSoftwareAdapter(facts) ? `a software adapter (${facts.names.filter(Boolean).join(' ') || 'fallback'})` : undefined;
  }
  if (name === 'webgl') {
    const renderer = webglRenderer();
    if (renderer === undefined) return 'no WebGL 2';
    return auto && isSoftwareAdapter({ names: [renderer] }) ? `a software renderer (${renderer})` : undefined;
  }
  return undefined;
}

interface GpuAdapterInfo {
  readonly vendor?: string;
  readonly architecture?: string;
  readonly device?: string;
  readonly description?: string;
  readonly isFallbackAdapter?: boolean;
}
interface GpuAdapter {
  readonly isFallbackAdapter?: boolean;
  readonly info?: GpuAdapterInfo;
  requestAdapterInfo?(): Promise<GpuAdapterInfo>;
}

/** The WebGL 2 renderer's name (unmasked where the browser allows), or undefined without WebGL 2. */
function webglRenderer(): string | undefined {
  const gl = document.createElement('canvas').getContext('webgl2');
  if (!gl) return undefined;
  const debug = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return renderer;
}
