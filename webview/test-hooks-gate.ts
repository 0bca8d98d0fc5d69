/**
 * Whether the page installs `window.stylegraphTest`: only when the host's init message asks for
 * it (`testHooks`, which the host sends only under the E2E harness: src/extension/test-support.ts).
 * A production page never has the hooks.
 */
import type { HostMessage } from '../src/core/protocol/messages';

type InitMessage = Extract<HostMessage, { type: 'init' }>;

/** Calls `install` on the first init message that asks for the test hooks; the returned function takes each init message. */
export function testHooksGate(install: () => void): (init: Partial<InitMessage>) => void {
  let installed = false;
  return (init) => {
    if (installed || init.testHooks !== true) return;
    installed = true;
    install();
  };
}
