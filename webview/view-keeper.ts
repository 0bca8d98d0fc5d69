/**
 * Opens every graph framed and keeps its view (issue 19, item 1). The first document shown is
 * framed as soon as the canvas has a size (a webview is laid out after its first messages), or
 * shown at the view the host kept for it (`savedView`, from the last time the file was open);
 * a view that is still a Fit is framed again whenever the canvas changes size. Each view the
 * user makes (wheel, drag, Fit, a key) is sent to the host, which keeps it per document.
 */
import { isSavedView, type SavedView } from '../src/core/protocol/editor-view-messages';
import type { WebviewMessage } from '../src/core/protocol/messages';
import type { CanvasView } from './canvas-view';

/** How long the view must rest before it is sent (a wheel zoom is many events). */
const REST_MS = 250;

export function createViewKeeper(view: CanvasView, post: (message: WebviewMessage) => void) {
  let kept: SavedView | undefined;
  /** A document is shown but not framed yet (no size, or no document before). */
  let pending = false;
  let opened = false;
  let sent = '';
  let timer: ReturnType<typeof setTimeout> | undefined;

  function tryOpen(): void {
    if (!pending) return;
    if (kept && !kept.fitted) view.applyView(kept);
    else if (!view.fitView()) return;
    pending = false;
    opened = true;
    report();
  }

  function report(): void {
    if (!opened) return;
    const now = view.currentView();
    const text = JSON.stringify(now);
    if (text === sent) return;
    sent = text;
    post({ type: 'viewState', view: now });
    // What was sent last (`#canvas-box[data-view-sent]`): the tests wait on it.
    view.box.dataset.viewSent = text;
  }

  function later(): void {
    clearTimeout(timer);
    timer = setTimeout(report, REST_MS);
  }

  view.onResized = () => {
    if (pending) tryOpen();
    else if (opened && view.currentView().fitted) view.fitView();
  };
  for (const type of ['wheel', 'pointerup', 'keyup', 'click']) view.box.addEventListener(type, later, { passive: true });

  return {
    /** The host's view for this document (before its first document). */
    setKept(saved: unknown): void {
      if (isSavedView(saved) && !opened) kept = saved;
    },
    /** A document is on the canvas: the first one is framed (or shown as kept). */
    shown(hasNodes: boolean): void {
      if (opened || !hasNodes) return;
      pending = true;
      tryOpen();
    },
    /** After Fit (or any other view change made by a button): send the view. */
    changed: later,
  };
}

export type ViewKeeper = ReturnType<typeof createViewKeeper>;
