import { before, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { useDom } from '../helpers/dom';
import { webviewModuleWithLitegraph } from '../helpers/webview-module';
import type { SavedView } from '../../src/core/protocol/editor-view-messages';
import type { WebviewMessage } from '../../src/core/protocol/messages';

/** The CanvasView as the view keeper uses it: a canvas whose view is set by fitView and applyView. */
interface FakeView {
  box: HTMLElement;
  fitView(): boolean;
  applyView(v: SavedView): void;
  currentView(): SavedView;
  onResized: (() => void) | undefined;
}
/** What these tests use of webview/view-keeper.ts (it imports litegraph's types: see webview-module.ts). */
interface ViewKeeperModule {
  createViewKeeper(view: FakeView, post: (m: WebviewMessage) => void): { setKept(saved: unknown): void; shown(hasNodes: boolean): void; changed(): void };
}
let m: ViewKeeperModule;

useDom();
before(async () => {
  m = await webviewModuleWithLitegraph<ViewKeeperModule>('view-keeper');
});

const FIT = { scale: 0.5, offset: [10, 20] as [number, number] };

/** A view that can fit once `sized`; its view is fitted while it is still the last fit's. */
function keeper(t: TestContext) {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  let view = { scale: 1, offset: [0, 0] as [number, number] };
  let lastFit: typeof view | undefined;
  let fits = 0;
  const state = { sized: true };
  const fake: FakeView = {
    box: document.createElement('div'),
    fitView: () => {
      if (!state.sized) return false;
      fits++;
      view = { ...FIT };
      lastFit = view;
      return true;
    },
    applyView: (v) => (view = { scale: v.scale, offset: [v.offset[0], v.offset[1]] }),
    currentView: () => ({ ...view, fitted: view === lastFit }),
    onResized: undefined,
  };
  const posted: WebviewMessage[] = [];
  const k = m.createViewKeeper(fake, (msg) => posted.push(msg));
  return {
    k, fake, posted, state,
    fits: () => fits,
    zoom: (scale: number) => {
      view = { scale, offset: view.offset };
      fake.box.dispatchEvent(new Event('wheel'));
    },
  };
}

test('the first document is framed and its view sent', (t) => {
  const { k, fake, posted } = keeper(t);
  k.shown(true);
  assert.deepEqual(posted, [{ type: 'viewState', view: { ...FIT, fitted: true } }]);
  assert.equal(fake.box.dataset.viewSent, JSON.stringify({ ...FIT, fitted: true }));
  k.shown(true);
  assert.equal(posted.length, 1);
});

test('a graph with no nodes is not framed', (t) => {
  const { k, posted, fits } = keeper(t);
  k.shown(false);
  assert.equal(fits(), 0);
  assert.deepEqual(posted, []);
});

test('a canvas with no size yet is framed once it has one', (t) => {
  const { k, fake, posted, state, fits } = keeper(t);
  state.sized = false;
  k.shown(true);
  assert.deepEqual(posted, []);
  state.sized = true;
  fake.onResized!();
  assert.equal(fits(), 1);
  assert.equal(posted.length, 1);
});

test('the view the host kept is shown instead of a fit', (t) => {
  const { k, posted, fits } = keeper(t);
  k.setKept({ scale: 2, offset: [3, 4], fitted: false });
  k.shown(true);
  assert.equal(fits(), 0);
  assert.deepEqual(posted, [{ type: 'viewState', view: { scale: 2, offset: [3, 4], fitted: false } }]);
});

test('a kept view that was a fit is framed anew', (t) => {
  const { k, posted, fits } = keeper(t);
  k.setKept({ scale: 2, offset: [3, 4], fitted: true });
  k.shown(true);
  assert.equal(fits(), 1);
  assert.deepEqual(posted, [{ type: 'viewState', view: { ...FIT, fitted: true } }]);
});

test('a kept view that is not a view is ignored', (t) => {
  const { k, posted, fits } = keeper(t);
  k.setKept({ scale: 'big', offset: [3, 4], fitted: false });
  k.shown(true);
  assert.equal(fits(), 1);
  assert.deepEqual(posted, [{ type: 'viewState', view: { ...FIT, fitted: true } }]);
});

test('a view the user makes is sent once it rests, and only when it changed', (t) => {
  const { k, posted, zoom } = keeper(t);
  k.shown(true);
  zoom(0.8);
  t.mock.timers.tick(100);
  zoom(0.9);
  t.mock.timers.tick(249);
  assert.equal(posted.length, 1);
  t.mock.timers.tick(1);
  assert.deepEqual(posted.at(-1), { type: 'viewState', view: { scale: 0.9, offset: FIT.offset, fitted: false } });
  k.changed();
  t.mock.timers.tick(250);
  assert.equal(posted.length, 2);
});

test('nothing is sent before the first document is shown', (t) => {
  const { posted, zoom } = keeper(t);
  zoom(2);
  t.mock.timers.tick(1000);
  assert.deepEqual(posted, []);
});

test('a resize frames a fitted view again, and leaves a view the user made', (t) => {
  const { k, fake, fits, zoom } = keeper(t);
  k.shown(true);
  fake.onResized!();
  assert.equal(fits(), 2);
  zoom(3);
  fake.onResized!();
  assert.equal(fits(), 2);
});
