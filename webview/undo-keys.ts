/**
 * Undo and redo keys on the page (Ctrl/Cmd+Z, Ctrl+Y, Ctrl/Cmd+Shift+Z) go to the host in order
 * with the page's edits.
 *
 * VS Code's webview forwards every keydown to the workbench, which runs its `undo` command on the
 * document's undo stack at once. An edit the page posted just before (a node menu's layer edit, a
 * widget change) may still be on its way (page -> extension host -> workspace.applyEdit): the undo
 * then took back the edit before it, and the late edit was refused (the document had changed under
 * it) and lost. One Ctrl+Z on the canvas went back past both edits (on the tab, the click gives the
 * edit time to land). The page takes these keys itself (the workbench never sees them), posts any
 * canvas change not posted yet, then `undo` or `redo`; the host runs the command once the edits
 * posted before it are applied (EditorSession.afterEdits). Text fields keep the workbench's keys.
 */

export type HistoryAction = 'undo' | 'redo';

/** The part of a KeyboardEvent this reads. */
export interface HistoryKey {
  readonly key: string;
  readonly keyCode?: number;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly shiftKey: boolean;
  readonly altKey: boolean;
}

/** The workbench's undo and redo keys as the webview's own key forwarding recognises them (keyCodes 90 Z, 89 Y). */
export function historyAction(e: HistoryKey): HistoryAction | undefined {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return undefined;
  const key = e.key.toLowerCase();
  if (e.keyCode === 90 || key === 'z') return e.shiftKey ? 'redo' : 'undo';
  if ((e.keyCode === 89 || key === 'y') && !e.shiftKey) return 'redo';
  return undefined;
}

interface Found {
  closest?(selector: string): unknown;
}

/** True in a text field (its own typing undo stays as it was). */
export function inTextField(target: unknown): boolean {
  return Boolean((target as Found | null)?.closest?.('input, textarea, [contenteditable]:not([contenteditable="false"])'));
}

interface KeyEvent extends HistoryKey {
  readonly target: unknown;
  preventDefault(): void;
  stopImmediatePropagation(): void;
}
interface KeyTarget {
  addEventListener(type: 'keydown', listener: (e: KeyEvent) => void, capture: true): void;
}

/**
 * Takes the undo and redo keys pressed in `win` (capturing, before the webview's forwarding listener):
 * `flush` posts a canvas change not posted yet, then `send` posts the action.
 */
export function installHistoryKeys(win: KeyTarget, flush: () => void, send: (action: HistoryAction) => void): void {
  win.addEventListener('keydown', (e) => {
    const action = historyAction(e);
    if (!action || inTextField(e.target)) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    flush();
    send(action);
  }, true);
}
