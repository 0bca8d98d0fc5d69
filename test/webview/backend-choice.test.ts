import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backendsToTry, isSoftwareAdapter } from '../../webview/backend-choice';
import { BACKEND_CHOICES, isBackendChoice } from '../../src/core/protocol/messages';

test('auto tries webgpu, webgl, wasm, cpu; a named backend is tried alone; every other choice is one of those', () => {
  assert.deepEqual(backendsToTry('auto'), ['webgpu', 'webgl', 'wasm', 'cpu']);
  for (const name of BACKEND_CHOICES.filter((c) => c !== 'auto')) assert.deepEqual(backendsToTry(name), [name]);
  assert.equal(isBackendChoice('wasm'), true);
  assert.equal(isBackendChoice('WASM'), false);
});

test('software adapters: the fallback flag or a CPU rasteriser named by vendor, architecture, description or renderer', () => {
  assert.equal(isSoftwareAdapter({ isFallbackAdapter: true, names: ['nvidia'] }), true);
  // What headless Chromium reports here (SwiftShader's WebGPU adapter and ANGLE's WebGL renderer).
  assert.equal(isSoftwareAdapter({ names: ['google', 'swiftshader', '', ''] }), true);
  assert.equal(isSoftwareAdapter({ names: ['ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)'] }), true);
  assert.equal(isSoftwareAdapter({ names: ['mesa', undefined, 'llvmpipe (LLVM 15.0.6, 256 bits)'] }), true);
  assert.equal(isSoftwareAdapter({ names: ['Intel', 'lavapipe'] }), true);
  assert.equal(isSoftwareAdapter({ isFallbackAdapter: false, names: ['nvidia', 'hopper', 'NVIDIA H200'] }), false);
  assert.equal(isSoftwareAdapter({ names: ['ANGLE (NVIDIA, NVIDIA GeForce RTX 3080 Direct3D11 vs_5_0 ps_5_0, D3D11)'] }), false);
});
