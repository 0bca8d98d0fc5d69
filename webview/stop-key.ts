/**
 * Escape stops a run from inside the page. The `stylegraph.stop` keybinding alone took 2-3 s
 * against the Stop button's 0.12 s: the webview passes the key to the workbench, which runs the
 * command in the extension host, which posts `stop` back; each of those hops waits for the
 * renderer's main thread, which the run keeps busy between its iterations (measured in the E2E
 * workbench, wasm, 64x64). Handled here it stops at the next iteration, as the button does.
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
