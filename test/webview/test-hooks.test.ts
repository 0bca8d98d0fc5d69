import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { useDom } from '../helpers/dom';
import { seedText } from '../helpers/litegraph';
import { webviewModuleWithLitegraph } from '../helpers/webview-module';
import { parseGraph } from '../../src/core/graph/parse';
import type { Graph } from '../../src/core/graph/types';
import type { SavedView } from '../../src/core/protocol/editor-view-messages';
import type { StylegraphTestHooks } from '../../webview/test-hooks-api';

interface CanvasView {
  box: HTMLElement;
  bridge: { load(g: unknown, graph: Graph): { losses: unknown[] } };
  lgGraph: unknown;
  canvas: { canvas: HTMLCanvasElement };
  applyView(view: SavedView): void;
  focusNode(id: string): boolean;
}
interface FakeDoc {
  editable: boolean;
  parsed: boolean;
  sync(): void;
}
interface FakeRuns {
  run(): Promise<void>;
  stop(): void;
  saveImage(): Promise<void>;
  hostRoundTrip(): Promise<void>;
}
/** What these tests use of webview/test-hooks.ts and canvas-view.ts (they import litegraph: see webview-module.ts). */
let createCanvasView: (parent: HTMLElement, onChange: () => void, onTheme: () => void) => CanvasView;
let installTestHooks: (view: CanvasView, doc: FakeDoc, runs: FakeRuns) => void;

const dom = useDom();
before(async () => {
  ({ createCanvasView } = await webviewModuleWithLitegraph<{ createCanvasView: typeof createCanvasView }>('canvas-view'));
  ({ installTestHooks } = await webviewModuleWithLitegraph<{ installTestHooks: typeof installTestHooks }>('test-hooks'));
});

/** The seed graph on a canvas, the hooks installed over a document that counts its syncs. */
function setup() {
  const parent = document.createElement('div');
  document.body.append(parent);
  const view = createCanvasView(parent, () => {}, () => {});
  assert.deepEqual(view.bridge.load(view.lgGraph, parseGraph(seedText).graph!).losses, []);
  const calls: string[] = [];
  const doc: FakeDoc = { editable: true, parsed: true, sync: () => calls.push('sync') };
  const runs: FakeRuns = {
    run: async () => void calls.push('run'),
    stop: () => calls.push('stop'),
    saveImage: async () => void calls.push('save'),
    hostRoundTrip: async () => void calls.push('round trip'),
  };
  installTestHooks(view, doc, runs);
  const hooks = (dom.window as unknown as { stylegraphTest: StylegraphTestHooks }).stylegraphTest;
  return { view, doc, calls, hooks };
}

const edges = (text: string) => parseGraph(text).graph!.edges.map((e) => `${e.from}>${e.to}`);

test('the hooks list the nodes and read the document as the file would hold it', () => {
  const { hooks, doc } = setup();
  const seed = parseGraph(seedText).graph!;
  assert.deepEqual([...hooks.nodeIds()].sort(), seed.nodes.map((n) => n.id).sort());
  assert.deepEqual(parseGraph(hooks.text()!).graph, seed);
  doc.parsed = false;
  assert.equal(hooks.text(), undefined);
});

test('setParam takes a value the param allows, as the widget does, and syncs the document', () => {
  const { hooks, calls, doc } = setup();
  assert.equal(hooks.getParam('alpha', 'w'), 10);
  assert.equal(hooks.setParam('alpha', 'w', 25), true);
  assert.equal(hooks.getParam('alpha', 'w'), 25);
  assert.deepEqual(calls, ['sync']);
  assert.equal(hooks.setParam('alpha', 'w', 'many'), false);
  assert.equal(hooks.setParam('alpha', 'nope', 1), false);
  assert.equal(hooks.setParam('nobody', 'w', 1), false);
  doc.editable = false;
  assert.equal(hooks.setParam('alpha', 'w', 30), false);
  assert.equal(hooks.getParam('alpha', 'w'), 25);
  assert.deepEqual(calls, ['sync']);
});

test('disconnect and connect edit the edges and sync; a read-only document refuses', () => {
  const { hooks, calls, doc } = setup();
  assert.equal(hooks.disconnect('j_content.content'), true);
  assert.equal(edges(hooks.text()!).includes('content_conv4_2.features>j_content.content'), false);
  assert.equal(hooks.disconnect('j_content.content'), false);
  assert.equal(hooks.connect('content_conv4_2.features', 'j_content.content'), true);
  assert.equal(edges(hooks.text()!).includes('content_conv4_2.features>j_content.content'), true);
  assert.deepEqual(calls, ['sync', 'sync']);
  doc.editable = false;
  assert.equal(hooks.disconnect('j_content.content'), false);
  assert.equal(hooks.connect('content_conv4_2.features', 'j_content.content'), false);
});

test('moveNode moves a node and syncs', () => {
  const { hooks, calls } = setup();
  hooks.moveNode('alpha', 123, 456);
  const alpha = parseGraph(hooks.text()!).graph!.nodes.find((n) => n.id === 'alpha')!;
  assert.deepEqual(alpha.ui.pos, [123, 456]);
  hooks.moveNode('nobody', 1, 2);
  assert.deepEqual(calls, ['sync']);
});

test('run, stop, save and the round trip go to the run controller', async () => {
  const { hooks, calls } = setup();
  hooks.run();
  hooks.stop();
  hooks.saveImage();
  await hooks.hostRoundTrip();
  assert.deepEqual(calls, ['run', 'stop', 'save', 'round trip']);
});

test('the view: selection, zoom and offset, and a node\'s box on the canvas', () => {
  const { hooks, view } = setup();
  view.focusNode('beta');
  assert.deepEqual(hooks.selectedNodeIds(), ['beta']);
  view.applyView({ scale: 0.5, offset: [100, -20], fitted: false });
  assert.deepEqual(hooks.viewport(), { scale: 0.5, offset: [100, -20] });
  const [, x, y, w, h] = hooks.nodeBoxes().find(([id]) => id === 'beta')!;
  assert.deepEqual(hooks.nodeRect('beta'), [(x + 100) * 0.5, (y - 20) * 0.5, w * 0.5, h * 0.5]);
  assert.equal(hooks.nodeRect('nobody'), undefined);
  assert.equal(hooks.showNode('nobody'), false);
});
