import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testHooksGate } from '../../webview/test-hooks-gate';

const init = { type: 'init' as const, wasmBaseUri: 'x/', faceModels: { uri: 'y/', path: '/y' }, backend: 'auto' as const };

test('a page whose host did not ask for test hooks (production) never installs them', () => {
  let installs = 0;
  const gate = testHooksGate(() => installs++);
  gate(init);
  gate({ ...init, testHooks: undefined });
  gate({ ...init, testHooks: 'true' as unknown as true });
  assert.equal(installs, 0);
});

test('the E2E harness\'s init (testHooks: true) installs them once', () => {
  let installs = 0;
  const gate = testHooksGate(() => installs++);
  gate({ ...init, testHooks: true });
  gate({ ...init, testHooks: true });
  assert.equal(installs, 1);
});
