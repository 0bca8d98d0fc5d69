import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { useDom } from '../helpers/dom';
import { webviewModuleWithLitegraph } from '../helpers/webview-module';
import type { WebviewMessage } from '../../src/core/protocol/messages';

interface FakeView {
  lgGraph: { drawThumbnail?: (node: unknown, ctx: unknown) => void };
  canvas: { onSelectionChange?: (nodes: Record<string, { id: string; type: string }>) => void; setDirty(): void };
}
/** What these tests use of webview/inspect-view.ts (it imports litegraph's types: see webview-module.ts). */
interface InspectViewModule {
  installInspect(side: HTMLElement, view: FakeView, post: (m: WebviewMessage) => void): void;
}
let m: InspectViewModule;

useDom();
before(async () => {
  m = await webviewModuleWithLitegraph<InspectViewModule>('inspect-view');
});

test('puts the inspect panel first in the side area, following the selection, and thumbnails on the nodes', () => {
  const side = document.createElement('div');
  side.append(document.createElement('canvas'));
  const view: FakeView = { lgGraph: {}, canvas: { setDirty: () => {} } };
  const posted: WebviewMessage[] = [];
  m.installInspect(side, view, (msg) => posted.push(msg));
  const panel = side.firstElementChild as HTMLElement;
  assert.equal(panel.id, 'inspect');
  assert.equal(panel.hidden, true);
  view.canvas.onSelectionChange!({ g: { id: 'gram_style_conv1_1', type: 'gram' } });
  assert.equal(panel.hidden, false);
  assert.equal(panel.dataset.nodeId, 'gram_style_conv1_1');
  view.lgGraph.drawThumbnail!({ id: 'content', type: 'image.load', size: [200, 196], widgets: [{ name: 'path', value: 'a.png' }] }, new Proxy({}, { get: () => () => {}, set: () => true }));
  assert.deepEqual(posted, [{ type: 'resolveImage', requestId: -1, path: 'a.png' }]);
});
