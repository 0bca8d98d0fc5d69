import assert from 'node:assert/strict';
import type { Host, HostTest } from './host-context';

/** The extension-host tests of src/extension/editor-view.ts: the canvas view a document was left at. */
export function editorViewHostTests(host: Host) {
  const { lastSent } = host;
  return {
    savedView: ['the view the webview reports is kept for the document: the next ready sends it before the document; a malformed view is refused and keeps nothing', async () => {
      const view = { scale: 1.5, offset: [-120, 40] as [number, number], fitted: false };
      await host.session.handleMessage({ type: 'viewState', view });
      const refused = host.session.refused.length;
      await host.session.handleMessage({ type: 'viewState', view: { scale: 50, offset: [0, 0], fitted: false } });
      assert.equal(host.session.refused.length, refused + 1, 'a zoom litegraph does not allow');
      const from = host.session.sent.length;
      await host.session.handleMessage({ type: 'ready' });
      assert.deepEqual(host.session.sent.slice(from, from + 3).map((m) => m.type), ['init', 'savedView', 'document']);
      assert.deepEqual(lastSent('savedView', from)?.view, view);
      const later = { scale: 0.5, offset: [3, 4] as [number, number], fitted: true };
      await host.session.handleMessage({ type: 'viewState', view: later });
      const again = host.session.sent.length;
      await host.session.handleMessage({ type: 'ready' });
      assert.deepEqual(lastSent('savedView', again)?.view, later, 'the latest view');
    }],
  } satisfies Record<string, HostTest>;
}
