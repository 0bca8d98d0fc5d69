import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { useDom } from '../helpers/dom';
import { seedText, type LitegraphModule } from '../helpers/litegraph';
import { webviewModuleWithLitegraph } from '../helpers/webview-module';
import { parseGraph } from '../../src/core/graph/parse';
import type { Graph } from '../../src/core/graph/types';
import type { SavedView } from '../../src/core/protocol/editor-view-messages';

interface FakeNode {
  id: string | number;
  pos: ArrayLike<number>;
  size: ArrayLike<number>;
  boundingRect: ArrayLike<number>;
}
/** What these tests use of webview/canvas-view.ts (it imports litegraph: see webview-module.ts). */
interface CanvasView {
  box: HTMLElement;
  bridge: { load(g: unknown, graph: Graph): { losses: unknown[] } };
  lgGraph: { nodes: FakeNode[] };
  canvas: { clear_background_color: string; selected_nodes: Record<string, unknown>; canvas: HTMLCanvasElement };
  fitView(): boolean;
  currentView(): SavedView;
  applyView(view: SavedView): void;
  focusNode(id: string): boolean;
  applyTheme(): void;
  resize(): void;
  onResized: (() => void) | undefined;
}
let createCanvasView: (parent: HTMLElement, onChange: () => void, onTheme: () => void) => CanvasView;
let lg: LitegraphModule;

useDom();
before(async () => {
  ({ createCanvasView } = await webviewModuleWithLitegraph<{ createCanvasView: typeof createCanvasView }>('canvas-view'));
  lg = await import('@comfyorg/litegraph');
});

const W = 800;
const H = 600;

/** A canvas view in a W x H box (0 x 0 when `sized` is false), with `graph` loaded (null: none). */
function setup(graph: Graph | null = parseGraph(seedText).graph!, sized = true) {
  const parent = document.createElement('div');
  parent.append(document.createElement('aside'));
  document.body.append(parent);
  let changes = 0;
  let themed: () => void = () => {};
  const v = createCanvasView(parent, () => changes++, () => themed());
  const rect = sized ? { left: 0, top: 0, right: W, bottom: H, width: W, height: H, x: 0, y: 0 } : { left: 0, top: 0, right: 0, bottom: 0, width: 0, height: 0, x: 0, y: 0 };
  v.box.getBoundingClientRect = () => rect as DOMRect;
  v.canvas.canvas.getBoundingClientRect = () => rect as DOMRect;
  if (graph) assert.deepEqual(v.bridge.load(v.lgGraph, graph).losses, []);
  const nextTheme = () => new Promise<void>((resolve) => (themed = resolve));
  return { v, parent, changes: () => changes, nextTheme };
}

/** The screen box of every node (title bar included) in the view now. */
function screenBox(v: CanvasView) {
  const { scale, offset } = v.currentView();
  const title = lg.LiteGraph.NODE_TITLE_HEIGHT;
  const xs = v.lgGraph.nodes.flatMap((n) => [n.pos[0]!, n.pos[0]! + n.size[0]!]).map((x) => (x + offset[0]) * scale);
  const ys = v.lgGraph.nodes.flatMap((n) => [n.pos[1]! - title, n.pos[1]! + n.size[1]!]).map((y) => (y + offset[1]) * scale);
  return { left: Math.min(...xs), right: W - Math.max(...xs), top: Math.min(...ys), bottom: H - Math.max(...ys) };
}

test('the canvas goes first in the parent, in its box', () => {
  const { v, parent } = setup();
  assert.equal(parent.firstElementChild, v.box);
  assert.equal(v.box.querySelector('canvas')!.id, 'graph-canvas');
});

test('Fit frames every node in the middle, 24 px from the nearer edges', () => {
  const { v } = setup();
  assert.equal(v.fitView(), true);
  const gap = screenBox(v);
  assert.ok(Math.abs(gap.left - gap.right) < 1e-6 && Math.abs(gap.top - gap.bottom) < 1e-6, JSON.stringify(gap));
  assert.ok(Math.abs(Math.min(gap.left, gap.top) - 24) < 1e-6, JSON.stringify(gap));
  assert.ok(gap.left >= 24 - 1e-6 && gap.top >= 24 - 1e-6);
  assert.equal(v.currentView().fitted, true);
});

test('Fit never zooms past 100%', () => {
  const g = parseGraph(seedText).graph!;
  const { v } = setup({ ...g, nodes: g.nodes.filter((n) => n.id === 'alpha'), edges: [] });
  assert.equal(v.fitView(), true);
  assert.equal(v.currentView().scale, 1);
  const gap = screenBox(v);
  assert.ok(Math.abs(gap.left - gap.right) < 1e-6 && Math.abs(gap.top - gap.bottom) < 1e-6);
});

test('no Fit with nothing to frame or no room yet', () => {
  assert.equal(setup(null).v.fitView(), false);
  const { v } = setup(parseGraph(seedText).graph!, false);
  assert.equal(v.fitView(), false);
  assert.equal(v.currentView().fitted, false);
});

test('a view that is not the last Fit is not fitted; the same view again is', () => {
  const { v } = setup();
  v.fitView();
  const fit = v.currentView();
  v.applyView({ scale: 0.5, offset: [10, 20], fitted: false });
  assert.deepEqual(v.currentView(), { scale: 0.5, offset: [10, 20], fitted: false });
  v.applyView(fit);
  assert.deepEqual(v.currentView(), fit);
});

test('focusNode selects a node and puts its middle in the middle of the view', () => {
  const { v } = setup();
  v.fitView();
  assert.equal(v.focusNode('alpha'), true);
  assert.deepEqual(Object.keys(v.canvas.selected_nodes), ['alpha']);
  const { scale, offset } = v.currentView();
  const [x, y, w, h] = v.lgGraph.nodes.find((n) => n.id === 'alpha')!.boundingRect as number[];
  assert.ok(Math.abs((x! + w! / 2 + offset[0]) * scale - W / 2) < 1e-6);
  assert.ok(Math.abs((y! + h! / 2 + offset[1]) * scale - H / 2) < 1e-6);
  assert.equal(v.focusNode('no such node'), false);
});

test('theme colours come from the VS Code variables, and a theme change recolours', async () => {
  const { v, nextTheme } = setup();
  document.body.style.setProperty('--vscode-editor-background', '#101010');
  try {
    v.applyTheme();
    assert.equal(v.canvas.clear_background_color, '#101010');
    const themed = nextTheme();
    document.body.style.setProperty('--vscode-editor-background', '#fafafa');
    document.body.classList.add('vscode-light');
    await themed;
    assert.equal(v.canvas.clear_background_color, '#fafafa');
  } finally {
    document.body.style.removeProperty('--vscode-editor-background');
    document.body.classList.remove('vscode-light');
  }
});

test('any click or key on the page may have changed the graph', () => {
  const { changes } = setup();
  const before = changes();
  document.dispatchEvent(new Event('keyup'));
  document.body.dispatchEvent(new Event('pointerup', { bubbles: true }));
  assert.equal(changes(), before + 2);
});

test('resize sizes the canvas to its box and tells the view', () => {
  const { v } = setup();
  let resized = 0;
  v.onResized = () => resized++;
  v.resize();
  const canvas = v.box.querySelector('canvas')!;
  assert.deepEqual([canvas.width, canvas.height], [W * window.devicePixelRatio, H * window.devicePixelRatio]);
  assert.equal(resized, 1);
});
