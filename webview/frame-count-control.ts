/**
 * The toolbar's frames choice (`#frame-count`: 1, 4, 8, 16, all; 8 at first): how many of a frame
 * graph's first frames Run styles. Shown only while the graph has a frames source (its node's
 * catalogue entry says so).
 */
import type { Graph } from '../src/core/graph/types';
import { framesSourceOf } from '../src/core/nodes/frame-usage';
import { el } from './dom';
import { DEFAULT_FRAME_COUNT, FRAME_COUNT_CHOICES, frameCount } from './frame-strip-model';

export function createFrameCountControl() {
  const select = el('select', { id: 'frame-count', title: 'A frame graph\'s Run styles its first N frames (at the run size); the file is not changed' },
    ...FRAME_COUNT_CHOICES.map((c) => el('option', { value: c }, c)));
  select.value = DEFAULT_FRAME_COUNT;
  const element = el('span', { id: 'frame-count-group', hidden: '' }, el('span', { class: 'label' }, 'frames:'), select);
  return {
    element,
    /** The first N frames to run; undefined for all. */
    value: (): number | undefined => frameCount(select.value),
    /** Shown while `graph` has a frames source. */
    setGraph(graph: Graph | undefined): void {
      element.hidden = !graph || framesSourceOf(graph) === undefined;
    },
  };
}
