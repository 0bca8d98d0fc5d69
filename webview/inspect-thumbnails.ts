/**
 * Thumbnails on image.load, image.output and face.detect nodes, as in ComfyUI, in the room the
 * bridge keeps under their widgets: an image.load node shows its file (resolved by the host, as a
 * run's images are), an image.output node the last run's image for it, a face.detect node the face
 * the last run or evaluation cropped.
 */
import type { LNode } from './litegraph-types';
import type { StyleGraph } from './style-graph';
import { THUMBNAIL_HEIGHT } from '../src/core/graph/node-geometry';
import type { CanvasView } from './canvas-view';
import { nodeDef } from '../src/core/nodes/catalogue';
import type { HostMessage, WebviewMessage } from '../src/core/protocol/messages';
import type { RawImage } from '../src/core/image/raw-image';
import { engineWatchers } from './run-engine';

type Thumbnail = { state: 'loading' } | { state: 'ready'; bitmap: ImageBitmap } | { state: 'error'; message: string };

/** What each node's thumbnail shows now, for the test hooks. */
const shown = new WeakMap<LNode, Thumbnail>();

/** The size of the image a node's thumbnail shows, or why it shows none ('loading', or the error). */
export function thumbnailOf(node: LNode): { width: number; height: number } | string | undefined {
  const t = shown.get(node);
  return t?.state === 'ready' ? { width: t.bitmap.width, height: t.bitmap.height } : t?.state === 'error' ? t.message : t?.state;
}

const MARGIN = 6;

export function installThumbnails(view: CanvasView, post: (message: WebviewMessage) => void): void {
  const files = new Map<string, Thumbnail>();
  /** The last run's image.output images and face crops, or the last evaluation's face crops, by node id. */
  let computed = new Map<string, Thumbnail>();
  /** resolveImage ids of ours count down from -1; the run controller's count up from 1. */
  let nextRequest = -1;
  const pending = new Map<number, string>();

  const redraw = () => view.canvas.setDirty(true, false);

  window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
    const m = event.data;
    if (typeof m !== 'object' || m === null || (m.type !== 'imageResolved' && m.type !== 'imageError')) return;
    const path = pending.get(m.requestId);
    if (path === undefined) return;
    pending.delete(m.requestId);
    if (m.type === 'imageError') {
      files.set(path, { state: 'error', message: m.message });
      redraw();
      return;
    }
    fetch(m.uri)
      .then((r) => (r.ok ? r.blob() : Promise.reject(new Error(`HTTP ${r.status}`))))
      .then((blob) => createImageBitmap(blob))
      .then((bitmap) => files.set(path, { state: 'ready', bitmap }), (e: Error) => files.set(path, { state: 'error', message: e.message }))
      .finally(redraw);
  });

  engineWatchers.add((engine) => {
    const run = engine.lastRun;
    const images: ReadonlyMap<string, RawImage | string> | undefined = run ? new Map([...run.outputs, ...run.crops]) : engine.lastEvaluation?.images;
    if (!images) return;
    // A file that could not be shown may have been fixed since: ask again.
    for (const [path, t] of files) if (t.state === 'error') files.delete(path);
    const next = new Map<string, Thumbnail>();
    for (const [id, image] of images) {
      if (typeof image === 'string') {
        next.set(id, { state: 'error', message: image });
        continue;
      }
      next.set(id, { state: 'loading' });
      void bitmapOf(image).then((bitmap) => {
        next.set(id, { state: 'ready', bitmap });
        redraw();
      });
    }
    computed = next;
  });

  function thumbnail(node: LNode): Thumbnail | undefined {
    if (!readsFile(node)) return computed.get(String(node.id));
    const path = String(node.widgets?.find((w) => w.name === 'path')?.value ?? '');
    if (!path) return undefined;
    let t = files.get(path);
    if (!t) {
      t = { state: 'loading' };
      files.set(path, t);
      const requestId = nextRequest--;
      pending.set(requestId, path);
      post({ type: 'resolveImage', requestId, path });
    }
    return t;
  }

  (view.lgGraph as StyleGraph).drawThumbnail = (node, context) => {
    const ctx = context as CanvasRenderingContext2D;
    const t = thumbnail(node);
    if (t) shown.set(node, t);
    else shown.delete(node);
    const [width, height] = [node.size![0]!, node.size![1]!];
    const box = { x: MARGIN, y: height - THUMBNAIL_HEIGHT, w: width - 2 * MARGIN, h: THUMBNAIL_HEIGHT - MARGIN };
    if (t?.state === 'ready') {
      const scale = Math.min(box.w / t.bitmap.width, box.h / t.bitmap.height);
      const [w, h] = [t.bitmap.width * scale, t.bitmap.height * scale];
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(t.bitmap, box.x + (box.w - w) / 2, box.y + (box.h - h) / 2, w, h);
      return;
    }
    drawPlaceholder(ctx, box, !t ? (readsFile(node) ? 'no file' : 'run to see the image') : t.state === 'loading' ? 'loading…' : t.message);
  };
}

/** A dashed box with a line of text in its middle: where a node's thumbnail or report will be. */
export function drawPlaceholder(ctx: CanvasRenderingContext2D, box: { x: number; y: number; w: number; h: number }, text: string): void {
  ctx.save();
  ctx.strokeStyle = ctx.fillStyle = 'rgba(128, 128, 128, 0.8)';
  ctx.setLineDash([4, 4]);
  ctx.strokeRect(box.x, box.y, box.w, box.h);
  ctx.font = '11px sans-serif';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(text, box.x + box.w / 2, box.y + box.h / 2, box.w - 8);
  ctx.restore();
}

/** image.load (role source): its thumbnail is its file; other nodes' are what the last run or evaluation computed. */
function readsFile(node: LNode): boolean {
  return nodeDef(String(node.type))?.role === 'source';
}

function bitmapOf(image: RawImage): Promise<ImageBitmap> {
  return createImageBitmap(new ImageData(new Uint8ClampedArray(image.data), image.width, image.height));
}
