/** The generated image (`#preview`) and one canvas per image.output node (`#outputs`). */
import type { Graph } from '../src/core/graph/types';
import { nodesWithRole } from '../src/core/graph/validate';
import type { RawImage } from '../src/core/image/raw-image';
import { el } from './dom';
import { drawImage } from './browser-images';

export function createPreviews() {
  const preview = el('canvas', { id: 'preview', width: '1', height: '1', 'data-iteration': '0' });
  const outputs = el('div', { id: 'outputs' });
  return {
    preview,
    outputs,
    show(image: RawImage, iteration: number): void {
      drawImage(preview, image);
      preview.dataset.iteration = String(iteration);
    },
    /** Replaces the output canvases with one per previewed image.output node of `g`. */
    outputCanvases(g: Graph): Map<string, HTMLCanvasElement> {
      const map = new Map<string, HTMLCanvasElement>();
      const list = nodesWithRole(g.nodes, 'output').filter((n) => n.params.preview !== false);
      outputs.replaceChildren(...list.map((n) => {
        const c = el('canvas', { class: 'output-preview', 'data-node-id': n.id, width: '1', height: '1' });
        map.set(n.id, c);
        return el('figure', {}, c, el('figcaption', {}, n.id));
      }));
      return map;
    },
  };
}

export type Previews = ReturnType<typeof createPreviews>;
