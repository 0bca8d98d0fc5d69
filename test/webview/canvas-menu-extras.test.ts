import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { webviewModule } from '../helpers/webview-module';

interface CanvasMenuEntry {
  content: string;
}
interface MenuCanvas {
  getCanvasMenuOptions(): ({ content: string } | null)[];
}
const { addCanvasMenuEntries } = webviewModule<{ addCanvasMenuEntries(canvas: MenuCanvas, entries: () => CanvasMenuEntry[]): void }>('canvas-menu-extras');

/** The canvas method addCanvasMenuEntries wraps, with litegraph's own entries. */
function canvasStandIn(): MenuCanvas {
  return { getCanvasMenuOptions: () => [{ content: 'Add Node' }, null, { content: 'Add Group' }] as ({ content: string } | null)[] };
}

describe('addCanvasMenuEntries', () => {
  it('puts our entries first, then a separator, then the canvas\'s own', () => {
    const canvas = canvasStandIn();
    const ours: CanvasMenuEntry[] = [{ content: 'Add term…' }, { content: 'Arrange' }];
    addCanvasMenuEntries(canvas, () => ours);
    assert.deepEqual(canvas.getCanvasMenuOptions().map((o) => o?.content ?? null), ['Add term…', 'Arrange', null, 'Add Node', null, 'Add Group']);
  });

  it('asks for the entries each time the menu opens, and adds no separator when there are none', () => {
    const canvas = canvasStandIn();
    let ours: CanvasMenuEntry[] = [];
    addCanvasMenuEntries(canvas, () => ours);
    assert.deepEqual(canvas.getCanvasMenuOptions().map((o) => o?.content ?? null), ['Add Node', null, 'Add Group']);
    ours = [{ content: 'Arrange' }];
    assert.deepEqual(canvas.getCanvasMenuOptions().map((o) => o?.content ?? null), ['Arrange', null, 'Add Node', null, 'Add Group']);
  });
});
