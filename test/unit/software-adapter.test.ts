import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isSoftwareAdapter } from '../../src/core/backend/software-adapter';

test('isSoftwareAdapter: a fallback adapter, or a CPU rasteriser named anywhere in any case', () => {
  assert.equal(isSoftwareAdapter({ isFallbackAdapter: true, names: ['nvidia'] }), true);
  for (const name of ['Google SwiftShader', 'llvmpipe (LLVM 15.0.7, 256 bits)', 'Lavapipe', 'softpipe', 'Microsoft Basic Render Driver', 'ANGLE (Software Adapter)']) {
    assert.equal(isSoftwareAdapter({ names: ['vendor', undefined, name] }), true, name);
  }
});

test('isSoftwareAdapter: hardware names, none at all, or isFallbackAdapter false are not software', () => {
  assert.equal(isSoftwareAdapter({ isFallbackAdapter: false, names: ['nvidia', 'ampere', 'NVIDIA GeForce RTX 3080'] }), false);
  assert.equal(isSoftwareAdapter({ names: ['ANGLE (Intel, Mesa Intel(R) UHD Graphics 620 (KBL GT2), OpenGL 4.6)'] }), false);
  assert.equal(isSoftwareAdapter({ names: [] }), false);
  assert.equal(isSoftwareAdapter({ names: [undefined, ''] }), false);
});
