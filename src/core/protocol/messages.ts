/**
 * Messages between the extension host and the editor webview. The host trusts nothing the
 * webview sends: every message goes through parseWebviewMessage first.
 */

/** The tfjs backends a user may ask for (setting `stylegraph.backend`, the toolbar): auto picks the fastest that is not a software GPU. */
export const BACKEND_CHOICES = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

export function isBackendChoice(value: unknown): value is BackendChoice {
  return typeof value === 'string' && (BACKEND_CHOICES as readonly string[]).includes(value);
}

/** Host -> webview. */
export type HostMessage =
  /**
   * Sent once, before the first document: `wasmBaseUri` is a webview URI of the folder holding
   * the tfjs wasm backend's .wasm files (with a trailing slash); `backend` is the setting.
   */
  | { readonly type: 'init'; readonly wasmBaseUri: string; readonly backend: BackendChoice }
  /** The `stylegraph.backend` setting changed. */
  | { readonly type: 'backendSetting'; readonly backend: BackendChoice }
  /** The document's whole text (on open and after every change not made by this webview). */
  | { readonly type: 'document'; readonly text: string }
  /**
   * Where to fetch the converted VGG-19 weights (a webview URI of a tfjs model.json), or why there
   * are none: the answer to requestWeights, and again after a settings change once asked.
   */
  | { readonly type: 'weights'; readonly modelJsonUri: string; readonly source: string }
  | { readonly type: 'weightsError'; readonly message: string }
  /** Answer to resolveImage: a webview URI for the image file, or why not. */
  | { readonly type: 'imageResolved'; readonly requestId: number; readonly uri: string }
  | { readonly type: 'imageError'; readonly requestId: number; readonly message: string }
  /** A VS Code command aimed at this editor. */
  | { readonly type: 'command'; readonly command: 'run' | 'stop' | 'saveImage' }
  /** Whether the workspace is trusted: running is disabled when it is not. */
  | { readonly type: 'trust'; readonly trusted: boolean }
  /** Result of a saveImage request. */
  | { readonly type: 'saved'; readonly path: string }
  | { readonly type: 'saveError'; readonly message: string };

/** Webview -> host. */
export type WebviewMessage =
  | { readonly type: 'ready' }
  /** The document's new canonical text after a canvas edit; the host applies it as a minimal edit. */
  | { readonly type: 'edit'; readonly text: string }
  /** Asks for a webview URI of an image.load path (relative to the graph file). */
  | { readonly type: 'resolveImage'; readonly requestId: number; readonly path: string }
  /** Asks for the VGG-19 weights (on Run): the host resolves them (downloading if it must) and answers weights or weightsError. */
  | { readonly type: 'requestWeights' }
  /** PNG bytes (a message with other bytes is refused) to save where the user picks in a save dialog, inside the workspace. */
  | { readonly type: 'saveImage'; readonly png: Uint8Array }
  | { readonly type: 'runState'; readonly running: boolean; readonly backend?: string }
  | { readonly type: 'openAsText' }
  | { readonly type: 'showError'; readonly message: string };

const MAX_TEXT = 10_000_000;
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const MAX_PNG = 200_000_000;

/** The message if it is well formed, else undefined (the host then ignores it and logs why). */
export function parseWebviewMessage(raw: unknown): WebviewMessage | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const m = raw as Record<string, unknown>;
  const isString = (v: unknown, max = 4096): v is string => typeof v === 'string' && v.length <= max;
  switch (m.type) {
    case 'ready':
    case 'requestWeights':
    case 'openAsText':
      return { type: m.type };
    case 'edit':
      return isString(m.text, MAX_TEXT) ? { type: 'edit', text: m.text } : undefined;
    case 'resolveImage':
      return Number.isSafeInteger(m.requestId) && isString(m.path) && m.path.length > 0 ? { type: 'resolveImage', requestId: m.requestId as number, path: m.path } : undefined;
    case 'saveImage':
      return m.png instanceof Uint8Array && m.png.length <= MAX_PNG && isPng(m.png) ? { type: 'saveImage', png: m.png } : undefined;
    case 'runState':
      return typeof m.running === 'boolean' && (m.backend === undefined || isString(m.backend, 32))
        ? { type: 'runState', running: m.running, ...(m.backend !== undefined && { backend: m.backend as string }) }
        : undefined;
    case 'showError':
      return isString(m.message, 10_000) ? { type: 'showError', message: m.message } : undefined;
    default:
      return undefined;
  }
}

/** The PNG signature and room for the IHDR chunk: the host writes nothing else to a .png path. */
function isPng(bytes: Uint8Array): boolean {
  return bytes.length > 33 && PNG_SIGNATURE.every((b, i) => bytes[i] === b);
}
