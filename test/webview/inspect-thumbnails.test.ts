import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { useDom } from '../helpers/dom';
import { webviewModuleWithLitegraph } from '../helpers/webview-module';
import type { RawImage } from '../../src/core/image/raw-image';
import type { HostMessage, WebviewMessage } from '../../src/core/protocol/messages';

interface FakeNode {
  id: string;
  type: string;
  size: [number, number];
  widgets?: { name: string; value: unknown }[];
}
interface FakeEngine {
  lastRun?: { outputs: Map<string, RawImage>; crops: Map<string, RawImage | string> };
  lastEvaluation?: { images: Map<string, RawImage> };
}
interface FakeView {
  lgGraph: { drawThumbnail?: (node: FakeNode, ctx: unknown) => void };
  canvas: { setDirty(fg: boolean, bg: boolean): void };
}
type Box = { x: number; y: number; w: number; h: number };
/** What these tests use of webview/inspect-thumbnails.ts and run-engine.ts (they import litegraph's types: see webview-module.ts). */
interface ThumbnailsModule {
  installThumbnails(view: FakeView, post: (m: WebviewMessage) => void): void;
  thumbnailOf(node: FakeNode): { width: number; height: number } | string | undefined;
  drawPlaceholder(ctx: unknown, box: Box, text: string): void;
}
let m: ThumbnailsModule;
let engineWatchers: Set<(engine: FakeEngine) => void>;

const dom = useDom();
const saved = { fetch: globalThis.fetch, createImageBitmap: (globalThis as { createImageBitmap?: unknown }).createImageBitmap };
/** URIs the page fetched (answered here: nothing leaves the machine). */
const fetched: string[] = [];
before(async () => {
  m = await webviewModuleWithLitegraph<ThumbnailsModule>('inspect-thumbnails');
  ({ engineWatchers } = await webviewModuleWithLitegraph<{ engineWatchers: typeof engineWatchers }>('run-engine'));
  globalThis.fetch = (async (uri: string) => {
    fetched.push(uri);
    return uri.endsWith('missing.png') ? { ok: false, status: 404 } : { ok: true, blob: async () => ({ width: 30, height: 20 }) };
  }) as unknown as typeof fetch;
  // A bitmap of a fetched file's blob (its size stands in for the file's) or of pixels.
  (globalThis as { createImageBitmap?: unknown }).createImageBitmap = async (from: { width: number; height: number }) => ({ width: from.width, height: from.height });
});
after(() => {
  globalThis.fetch = saved.fetch;
  (globalThis as { createImageBitmap?: unknown }).createImageBitmap = saved.createImageBitmap;
});

/** A context that logs what is drawn. */
function context() {
  const calls: string[] = [];
  const ctx = new Proxy({}, {
    get: (_t, key) => (...args: unknown[]) => calls.push(`${String(key)}(${args.map((a) => (typeof a === 'object' && a ? 'bitmap' : String(a))).join(', ')})`),
    set: () => true,
  });
  return { ctx, calls };
}

function setup() {
  engineWatchers.clear();
  const posted: WebviewMessage[] = [];
  let redraws = 0;
  let redrawn: (() => void) | undefined;
  const view: FakeView = { lgGraph: {}, canvas: { setDirty: () => (redraws++, redrawn?.()) } };
  m.installThumbnails(view, (msg) => posted.push(msg));
  const draw = (node: FakeNode) => {
    const { ctx, calls } = context();
    view.lgGraph.drawThumbnail!(node, ctx);
    return calls;
  };
  /** Resolves at the next redraw the thumbnails ask for. */
  const nextRedraw = () => new Promise<void>((resolve) => (redrawn = resolve));
  const answer = (msg: HostMessage) => dom.window.dispatchEvent(new MessageEvent('message', { data: msg }));
  const tell = (e: FakeEngine) => engineWatchers.forEach((w) => w(e));
  return { posted, draw, nextRedraw, answer, tell, redraws: () => redraws };
}

const load = (path: string): FakeNode => ({ id: 'content', type: 'image.load', size: [200, 196], widgets: [{ name: 'path', value: path }] });
const output: FakeNode = { id: 'result', type: 'image.output', size: [200, 196] };
const pixels = (width: number, height: number): RawImage => ({ width, height, data: new Uint8Array(width * height * 4) });

test('an image.load node asks the host for its file once and shows loading meanwhile', () => {
  const { posted, draw } = setup();
  const node = load('samples/a.png');
  const calls = draw(node);
  draw(node);
  assert.deepEqual(posted, [{ type: 'resolveImage', requestId: -1, path: 'samples/a.png' }]);
  assert.equal(m.thumbnailOf(node), 'loading');
  assert.ok(calls.includes('fillText(loading…, 100, 145, 180)'), calls.join('\n'));
  draw(load('samples/b.png'));
  assert.deepEqual(posted.at(-1), { type: 'resolveImage', requestId: -2, path: 'samples/b.png' });
});

test('the resolved file is fetched and drawn fitted in the thumbnail box', async () => {
  const { draw, answer, nextRedraw } = setup();
  const node = load('samples/a.png');
  draw(node);
  const redrawn = nextRedraw();
  answer({ type: 'imageResolved', requestId: -1, uri: 'https://file.test/a.png' } as HostMessage);
  await redrawn;
  assert.equal(fetched.at(-1), 'https://file.test/a.png');
  const calls = draw(node);
  assert.deepEqual(m.thumbnailOf(node), { width: 30, height: 20 });
  // Box: x 6, y 196 - 96 = 100, 188 x 90; the 30x20 image scaled by min(188/30, 90/20) = 4.5 to 135x90, centred.
  assert.ok(calls.includes('drawImage(bitmap, 32.5, 100, 135, 90)'), calls.join('\n'));
});

test('a file the host or the fetch cannot give shows why', async () => {
  const { draw, answer, nextRedraw } = setup();
  const a = load('a.png');
  const b = load('missing.png');
  draw(a);
  draw(b);
  answer({ type: 'imageError', requestId: -1, message: 'no such file: a.png' } as HostMessage);
  assert.equal((draw(a), m.thumbnailOf(a)), 'no such file: a.png');
  const redrawn = nextRedraw();
  answer({ type: 'imageResolved', requestId: -2, uri: 'https://file.test/missing.png' } as HostMessage);
  await redrawn;
  draw(b);
  assert.equal(m.thumbnailOf(b), 'HTTP 404');
});

test('answers to requests that are not its own, and other messages, are ignored', () => {
  const { draw, answer, redraws } = setup();
  const node = load('a.png');
  draw(node);
  answer({ type: 'imageError', requestId: 5, message: 'not mine' } as HostMessage);
  answer({ type: 'runs', runs: [] } as HostMessage);
  assert.equal((draw(node), m.thumbnailOf(node)), 'loading');
  assert.equal(redraws(), 0);
});

test('a file that could not be shown is asked for again after the next run', () => {
  const { draw, answer, tell, posted } = setup();
  const node = load('a.png');
  draw(node);
  answer({ type: 'imageError', requestId: -1, message: 'no such file' } as HostMessage);
  tell({ lastRun: { outputs: new Map(), crops: new Map() } });
  draw(node);
  assert.deepEqual(posted.map((p) => (p as { requestId: number }).requestId), [-1, -2]);
});

test('an image.output node shows the last run\'s image for it, or why there is none', async () => {
  const { draw, tell, nextRedraw } = setup();
  const calls = draw(output);
  assert.equal(m.thumbnailOf(output), undefined);
  assert.ok(calls.some((c) => c.startsWith('fillText(run to see the image,')));
  const redrawn = nextRedraw();
  tell({ lastRun: { outputs: new Map([['result', pixels(8, 4)]]), crops: new Map([['face', 'no face found']]) } });
  assert.equal((draw(output), m.thumbnailOf(output)), 'loading');
  await redrawn;
  draw(output);
  assert.deepEqual(m.thumbnailOf(output), { width: 8, height: 4 });
  const face: FakeNode = { id: 'face', type: 'face.detect', size: [200, 196] };
  draw(face);
  assert.equal(m.thumbnailOf(face), 'no face found');
});

test('an evaluation\'s images show when there is no run', async () => {
  const { draw, tell, nextRedraw } = setup();
  const face: FakeNode = { id: 'face', type: 'face.detect', size: [200, 196] };
  const redrawn = nextRedraw();
  tell({ lastEvaluation: { images: new Map([['face', pixels(5, 6)]]) } });
  await redrawn;
  draw(face);
  assert.deepEqual(m.thumbnailOf(face), { width: 5, height: 6 });
});

test('an image.load node with no path says so without asking', () => {
  const { draw, posted } = setup();
  const calls = draw(load(''));
  assert.deepEqual(posted, []);
  assert.ok(calls.some((c) => c.startsWith('fillText(no file,')));
});

test('a placeholder is a dashed box with its text in the middle', () => {
  const { ctx, calls } = context();
  m.drawPlaceholder(ctx, { x: 10, y: 20, w: 100, h: 50 }, 'loading…');
  assert.deepEqual(calls.filter((c) => /^(strokeRect|fillText|setLineDash)/.test(c)), ['setLineDash(bitmap)', 'strokeRect(10, 20, 100, 50)', 'fillText(loading…, 60, 45, 92)']);
});
