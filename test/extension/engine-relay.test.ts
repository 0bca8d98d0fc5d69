import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { HostMessage } from '../../src/core/protocol/messages';
import { parseGraph } from '../../src/core/graph/parse';
import { writeCanonical } from '../../src/core/graph/canonical';
import { applyOverrides } from '../../src/core/graph/overrides';
import type { Host, HostTest } from './host-context';

/** The extension-host tests of src/extension/engine-relay.ts: the webview's engine intents run in the engine process. */
export function engineRelayHostTests(host: Host) {
  const { seedUri, until } = host;
  return {
    hostEngine: ['the host engine: an engineRun from the webview runs in the engine process and its events come back to it; engineStop stops a run; malformed intents are refused', async () => {
      const graph = applyOverrides(parseGraph(readFileSync(seedUri().fsPath, 'utf8')).graph!, { size: [24, 32], iterations: 300 });
      const from = host.session.sent.length;
      const ended = (job: number) => () =>
        host.session.sent.slice(from).find((m): m is Extract<HostMessage, { type: 'engineEvent' }> => m.type === 'engineEvent' && m.job === job && ['done', 'error'].includes(m.event.kind));
      await host.session.handleMessage({ type: 'engineRun', job: 9001, graphText: writeCanonical(graph), backend: 'cpu', needsWeights: true });
      await until(() => host.session.sent.slice(from).some((m) => m.type === 'engineEvent' && m.job === 9001 && m.event.kind === 'progress' && m.event.events.some((p) => p.iteration >= 2)), 'two iterations', 120_000);
      await host.session.handleMessage({ type: 'engineStop', job: 9001 });
      const end = await until(ended(9001), 'the stopped run', 60_000);
      assert.equal(end.event.kind, 'done', JSON.stringify(end.event).slice(0, 300));
      if (end.event.kind === 'done') {
        assert.equal(end.event.result.status, 'cancelled');
        assert.deepEqual([end.event.result.image.height, end.event.result.image.width], [24, 32]);
      }
      const backend = host.session.sent.slice(from).find((m) => m.type === 'engineEvent' && m.job === 9001 && m.event.kind === 'backend');
      assert.deepEqual(backend && backend.type === 'engineEvent' && backend.event, { kind: 'backend', backend: 'cpu', threads: 1 });
      const refused = host.session.refused.length;
      await host.session.handleMessage({ type: 'engineRun', job: 9002, graphText: writeCanonical(graph), backend: 'webgl', needsWeights: true });
      await host.session.handleMessage({ type: 'engineInspect', job: 'x', nodeId: 'gram_style_conv1_1' });
      assert.equal(host.session.refused.length, refused + 2);
    }],
  } satisfies Record<string, HostTest>;
}
