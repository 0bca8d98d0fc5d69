/**
 * The editor's view messages (issue 19), kept apart from messages.ts's run protocol: the canvas
 * view a document was left at (kept per document across reopen and Reload Window), and the
 * image file picker. The host trusts nothing: parseViewMessage checks every field.
 */

/** Where the canvas looked: litegraph's zoom and offset; `fitted` when it was framed by Fit (then it is framed again at the new size). */
export interface SavedView {
  readonly scale: number;
  readonly offset: readonly [number, number];
  readonly fitted: boolean;
}

/** Webview -> host. */
export type ViewWebviewMessage =
  /** The canvas's view changed: the host keeps it for this document. */
  | { readonly type: 'viewState'; readonly view: SavedView }
  /** Asks for an image file (a file dialog in the graph's folder): answered by imagePicked. */
  | { readonly type: 'pickImage'; readonly requestId: number };

/** Host -> webview. */
export type ViewHostMessage =
  /** Sent before the first document when the document was open before: the view it was left at. */
  | { readonly type: 'savedView'; readonly view: SavedView }
  /** Answer to pickImage: the file's path relative to the graph's folder, or none (cancelled, or why not in `message`). */
  | { readonly type: 'imagePicked'; readonly requestId: number; readonly path?: string; readonly message?: string };

/** Zoom litegraph allows (its DragAndScale min and max). */
const MIN_SCALE = 0.01;
const MAX_SCALE = 10;

export function isSavedView(v: unknown): v is SavedView {
  if (typeof v !== 'object' || v === null) return false;
  const { scale, offset, fitted } = v as Record<string, unknown>;
  return typeof scale === 'number' && Number.isFinite(scale) && scale >= MIN_SCALE && scale <= MAX_SCALE
    && Array.isArray(offset) && offset.length === 2 && offset.every((o) => typeof o === 'number' && Number.isFinite(o) && Math.abs(o) < 1e7)
    && typeof fitted === 'boolean';
}

/** The message if it is one of these, well formed; else undefined. */
export function parseViewMessage(m: Record<string, unknown>): ViewWebviewMessage | undefined {
  switch (m.type) {
    case 'viewState':
      return isSavedView(m.view) ? { type: 'viewState', view: { scale: m.view.scale, offset: [m.view.offset[0], m.view.offset[1]], fitted: m.view.fitted } } : undefined;
    case 'pickImage':
      return Number.isSafeInteger(m.requestId) ? { type: 'pickImage', requestId: m.requestId as number } : undefined;
    default:
      return undefined;
  }
}
