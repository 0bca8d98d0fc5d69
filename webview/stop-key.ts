/**
 * Escape stops a run from inside the page, exactly as the Stop button does (at the next iteration).
 * Through the `stylegraph.stop` keybinding alone the key goes from the webview to the workbench,
 * which runs the command in the extension host, which posts `stop` back: each hop waits for a
 * renderer that the run keeps busy between iterations. The issue measured 2-3 s that way against
 * Stop's 0.12 s; in the E2E workbench (wasm, 32x32 and 128x128) the round trip took 0.23-0.25 s and
 * the 2-3 s were not reproduced, so this removes the round trip rather than a measured cause.
 */

/** The part of the DOM this needs (tested in Node without one). */
interface Found {
  closest?(selector: string): unknown;
}
interface Page {
  querySelector(selector: string): unknown;
}
interface KeyTarget {
  readonly document: Page;
  addEventListener(type: 'keydown', listener: (e: { readonly key: string; readonly target: unknown }) => void): void;
}

/** True when Escape there belongs to something else: a field being typed in, a menu, search box or dialog. */
export function escapeTaken(target: unknown, doc: Page): boolean {
  if ((target as Found | null)?.closest?.('input, textarea, select, dialog, .litesearchbox, .litecontextmenu, .graphdialog')) return true;
  return doc.querySelector('.litesearchbox, .litecontextmenu, .graphdialog, dialog[open]') !== null;
}

/** Stops the run when Escape is pressed in `win` while `running()` and nothing else takes the key. */
export function installStopKey(win: KeyTarget, running: () => boolean, stop: () => void): void {
  win.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape' || !running() || escapeTaken(e.target, win.document)) return;
    stop();
  });
}
