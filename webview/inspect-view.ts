/** "Look inside": the inspect panel at the top of the side area and the thumbnails on image nodes. */
import type { WebviewMessage } from '../src/core/protocol/messages';
import type { CanvasView } from './canvas-view';
import { createInspectPanel } from './inspect-panel';
import { installThumbnails } from './inspect-thumbnails';

export function installInspect(side: HTMLElement, view: CanvasView, post: (message: WebviewMessage) => void): void {
  createInspectPanel(side, view);
  installThumbnails(view, post);
}
