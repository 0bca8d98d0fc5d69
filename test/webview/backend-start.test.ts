/**
 * Starting the webview's tfjs backend in Node: no WebGPU, WebGL or wasm files here, so what the
 * page reads of them (navigator.gpu, a WebGL 2 context) is stood in for.
 */
import { describe, it, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import type { BackendChoice } from '../../src/core/protocol/messages';
import { webviewModule } from '../helpers/webview-module';

const { startBackend } = webviewModule<{
  startBackend(choice: BackendChoice, wasmBaseUri: string | undefined): Promise<{ name: string; threads?: number }>;
}>('backend-start');

const globals = globalThis as { navigator?: unknown; document?: unknown };
const saved = { navigator: Object.getOwnPropertyDescriptor(globalThis, 'navigator'), document: Object.getOwnPropertyDescriptor(globalThis, 'document'), info: console.info };

/** A page whose WebGPU adapter and WebGL 2 renderer are these (undefined: none), recording what is logged. */
function page(adapter: { isFallbackAdapter?: boolean; info?: { vendor?: string; device?: string } } | undefined, renderer: string | undefined): string[] {
  const logged: string[] = [];
  Object.defineProperty(globalThis, 'navigator', { value: { gpu: { requestAdapter: async () => adapter ?? null } }, configurable: true, writable: true });
  const gl = { RENDERER: 1, getExtension: () => null, getParameter: () => renderer };
  globals.document = { createElement: () => ({ getContext: () => (renderer === undefined ? null : gl) }) };
  console.info = (line: string) => logged.push(line);
  return logged;
}

afterEach(() => {
  for (const name of ['navigator', 'document'] as const) {
    const d = saved[name];
    if (d) Object.defineProperty(globalThis, name, d);
    else Reflect.deleteProperty(globalThis, name);
  }
  console.info = saved.info;
});

describe('startBackend', () => {
  it('starts the backend asked for', async () => {
    assert.deepEqual(await startBackend('cpu', undefined), { name: 'cpu' });
    assert.equal(tf.getBackend(), 'cpu');
  });

  it('auto skips what is missing here, saying why, and falls back on cpu', async () => {
    const logged = page(undefined, undefined);
    assert.deepEqual(await startBackend('auto', undefined), { name: 'cpu' });
    assert.deepEqual(logged, [
      'stylegraph: backend webgpu skipped: no WebGPU adapter',
      'stylegraph: backend webgl skipped: no WebGL 2',
      'stylegraph: backend wasm skipped: no wasm files',
    ]);
  });

  it('auto skips a software WebGPU adapter and a software WebGL renderer, naming them', async () => {
    const logged = page({ info: { vendor: 'google', device: 'SwiftShader Device' } }, 'ANGLE (Mesa, llvmpipe (LLVM 15.0.7, 256 bits))');
    assert.deepEqual(await startBackend('auto', undefined), { name: 'cpu' });
    assert.deepEqual(logged.slice(0, 2), [
      'stylegraph: backend webgpu skipped: a software adapter (google SwiftShader Device)',
      'stylegraph: backend webgl skipped: a software renderer (ANGLE (Mesa, llvmpipe (LLVM 15.0.7, 256 bits)))',
    ]);
    const fallback = page({ isFallbackAdapter: true }, undefined);
    await startBackend('auto', undefined);
    assert.equal(fallback[0], 'stylegraph: backend webgpu skipped: a software adapter (fallback)');
  });

  it('a backend asked for by name that cannot start fails with why', async () => {
    page(undefined, undefined);
    await assert.rejects(startBackend('wasm', undefined), { message: 'the "wasm" backend could not start in this webview (wasm: no wasm files)' });
    await assert.rejects(startBackend('webgpu', undefined), { message: 'the "webgpu" backend could not start in this webview (webgpu: no WebGPU adapter)' });
  });
});
