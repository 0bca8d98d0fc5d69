/**
 * Test machinery the packaged extension carries but only switches on under the E2E harness:
 * the harness starts code-server with STYLEGRAPH_TEST_SUPPORT=1, the extension host inherits it,
 * and only then do editors keep the messages they sent (for the extension-host tests) and tell
 * their webview to install `window.stylegraphTest` (init's `testHooks`). No `vscode` here, so the
 * unit tests load it in plain Node.
 */
import type { HostMessage } from '../core/protocol/messages';

/** The environment variable that switches test support on (value `1`). */
export const TEST_SUPPORT_ENV = 'STYLEGRAPH_TEST_SUPPORT';

/** Whether this extension host runs under the E2E harness. */
export function testSupportOn(env: NodeJS.ProcessEnv = process.env): boolean {
  return env[TEST_SUPPORT_ENV] === '1';
}

/** How many sent messages a test-support editor keeps (the newest). */
export const SENT_KEPT = 200;

/** The messages an editor sent to its webview: the newest SENT_KEPT with test support on, none without (a production editor holds no copies of whole documents). */
export class SentLog {
  private readonly kept: HostMessage[] = [];

  constructor(readonly on: boolean) {}

  get messages(): readonly HostMessage[] {
    return this.kept;
  }

  record(message: HostMessage): void {
    if (!this.on) return;
    this.kept.push(message);
    if (this.kept.length > SENT_KEPT) this.kept.splice(0, this.kept.length - SENT_KEPT);
  }
}
