/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * A browser page in Node for the webview tests that build DOM (happy-dom): `useDom()` at the top
 * level of a test file puts a fresh page's window, document and DOM classes on globalThis before
 * the file's tests (webview modules use them as globals) and takes them away after. Build the DOM
 * inside tests, not at import time.
 *
 * happy-dom draws nothing: every canvas gets a 2D context that records what was put on it
 * (`drawnOn`) and answers the rest with no-ops, which is enough for the webview's putImageData
 * and for Chart.js to build its charts (their data is what the tests read); `toBlob` gives the
 * drawn RGBA bytes as they are, not a PNG. Path2D's methods do nothing.
 */
import { after, before } from 'node:test';
import assert from 'node:assert/strict';

type HappyDom = typeof import('happy-dom', { with: { 'resolution-mode': 'import' } });
type HappyWindow = InstanceType<HappyDom['Window']>;

/** Globals Node has of its own that must be the page's for the DOM's events to work. */
const PAGE_OWNS = ['Event', 'EventTarget', 'CustomEvent', 'MessageEvent'];

/** The last image put on each canvas (putImageData). */
const drawn = new WeakMap<object, ImageData>();

/** The last image put on `canvas`, or a failure. */
export function drawnOn(canvas: HTMLCanvasElement): ImageData {
  return drawn.get(canvas) ?? assert.fail(`nothing was drawn on canvas ${canvas.id || canvas.className}`);
}

/** A 2D context that keeps what putImageData put and no-ops the rest (measureText counts 6 px a character). */
function recordingContext(canvas: HTMLCanvasElement): CanvasRenderingContext2D {
  const state: Record<string | symbol, unknown> = {
    canvas,
    putImageData: (image: ImageData) => drawn.set(canvas, image),
    getImageData: (_x: number, _y: number, w: number, h: number) => new ImageData(w, h),
    measureText: (text: string) => ({ width: text.length * 6, actualBoundingBoxAscent: 8, actualBoundingBoxDescent: 2 }),
    createLinearGradient: () => ({ addColorStop: () => {} }),
    createRadialGradient: () => ({ addColorStop: () => {} }),
    createPattern: () => ({}),
    getLineDash: () => [],
    getTransform: () => ({ a: 1, b: 0, c: 0, d: 1, e: 0, f: 0 }),
    isPointInPath: () => false,
  };
  return new Proxy(state, {
    get: (target, key) => (key in target ? target[key] : typeof key === 'string' && /^[a-z]/.test(key) && !key.endsWith('Style') ? () => {} : undefined),
    set: (target, key, value) => {
      target[key] = value;
      return true;
    },
  }) as unknown as CanvasRenderingContext2D;
}

/** Path2D, which happy-dom lacks (litegraph draws with it): every method does nothing. */
class NoOpPath {
  constructor() {
    return new Proxy(this, { get: (target, key) => (key in target ? (target as Record<string | symbol, unknown>)[key] : () => {}) });
  }

  closePath(): void {}
}

export interface DomInNode {
  /** The page's window (after the file's `before`). */
  readonly window: Window;
}

/** Call at the top level of a test file. */
export function useDom(): DomInNode {
  let window: HappyWindow | undefined;
  const added: string[] = [];
  const replaced = new Map<string, unknown>();
  before(async () => {
    const { Window } = await import('happy-dom');
    window = new Window({ url: 'https://webview.test/', width: 1024, height: 768 });
    const page = window as unknown as Record<string, unknown>;
    const global = globalThis as unknown as Record<string, unknown>;
    for (const key of Object.getOwnPropertyNames(window)) {
      if (key in global && !PAGE_OWNS.includes(key)) continue;
      if (key in global) replaced.set(key, global[key]);
      else added.push(key);
      global[key] = page[key];
    }
    global.window = window;
    added.push('window');
    if (!('Path2D' in global)) {
      global.Path2D = NoOpPath;
      added.push('Path2D');
    }
    const canvasClass = page.HTMLCanvasElement as { prototype: { getContext(kind: string): unknown; toBlob(done: (blob: Blob | null) => void, type?: string): void } };
    const contexts = new WeakMap<object, CanvasRenderingContext2D>();
    canvasClass.prototype.getContext = function (this: HTMLCanvasElement, kind: string) {
      if (kind !== '2d') return null;
      let ctx = contexts.get(this);
      if (!ctx) contexts.set(this, (ctx = recordingContext(this)));
      return ctx;
    };
    // "Encodes" the pixels drawn last as they are (Node's Blob, which URL.createObjectURL takes).
    canvasClass.prototype.toBlob = function (this: HTMLCanvasElement, done, type = 'image/png') {
      const image = drawn.get(this);
      done(image ? new Blob([new Uint8Array(image.data)], { type }) : null);
    };
  });
  after(async () => {
    const global = globalThis as unknown as Record<string, unknown>;
    for (const key of added) Reflect.deleteProperty(global, key);
    for (const [key, value] of replaced) global[key] = value;
    await window?.happyDOM.abort();
    window?.close();
  });
  return {
    get window() {
      return (window as unknown as Window | undefined) ?? assert.fail('the DOM is made in before()');
    },
  };
}
