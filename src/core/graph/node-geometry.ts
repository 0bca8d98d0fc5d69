/**
 * How big a node is drawn on the canvas: the one place that decides it. The webview gives these
 * sizes to litegraph (its title, port and widget heights) and adds the room below the widgets that
 * thumbnails and result reports take; core lays out the nodes it adds (layer-edits.ts) with
 * nodeBox. No litegraph here: core stays free of the canvas.
 */
import { nodeDef } from '../nodes/catalogue';
import { parsePortRef, type Graph, type GraphNode } from './types';

/** The title bar's height, above a node's `pos` (litegraph's NODE_TITLE_HEIGHT). */
export const NODE_TITLE_HEIGHT = 30;
/** One row of ports (litegraph's NODE_SLOT_HEIGHT). */
export const NODE_SLOT_HEIGHT = 20;
/** One widget (litegraph's NODE_WIDGET_HEIGHT); widgets are WIDGET_GAP apart, with WIDGETS_MARGIN below the last. */
export const NODE_WIDGET_HEIGHT = 20;
const WIDGET_GAP = 4;
const WIDGETS_MARGIN = 8;
/** Below the ports and widgets (litegraph adds it to every node's height). */
const NODE_BOTTOM_MARGIN = 6;
/** A new node's least height (litegraph makes nodes at [NODE_WIDTH, 60] and only grows them). */
const NODE_MIN_HEIGHT = 60;
/** About the widest node of the catalogue (litegraph sizes a node to its widgets' text): what layout assumes. */
export const NODE_WIDTH = 270;

/** The room image.load, image.output and face.detect nodes keep under their widgets for a thumbnail, in graph units. */
export const THUMBNAIL_HEIGHT = 96;
/** The room result nodes (face.verify, face.identify, face.evaluate) keep under their widgets for their report, and their least width. */
export const RESULT_HEIGHT = 62;
export const RESULT_WIDTH = 240;

/**
 * Whether nodes of this type show a thumbnail: those that read an image file or show an output,
 * and face nodes whose output is an image (face.detect's crop, shown after an evaluation).
 */
export function showsThumbnail(type: string): boolean {
  const def = nodeDef(type);
  return def?.role === 'source' || def?.role === 'output' || (def?.category === 'face' && def.outputs.some((p) => p.type === 'image'));
}

/** Whether nodes of this type show a report under their widgets: result nodes, which an evaluation fills. */
export function showsResult(type: string): boolean {
  return nodeDef(type)?.role === 'result';
}

/** The room a node of this type keeps below its widgets (thumbnail, report) and its least width. */
export function roomBelowWidgets(type: string): { readonly height: number; readonly minWidth: number } {
  return {
    height: (showsThumbnail(type) ? THUMBNAIL_HEIGHT : 0) + (showsResult(type) ? RESULT_HEIGHT : 0),
    minWidth: showsResult(type) ? RESULT_WIDTH : 0,
  };
}

/** The least width that shows a title: about 9 px a character at litegraph's title font, plus the dot and margins. */
export function titleWidth(title: string): number {
  return 50 + 9 * title.length;
}

/** x, y, width, height in graph units, the title bar included. */
export type Box = readonly [number, number, number, number];

/**
 * The box the canvas draws for a node: its title bar above `pos`, then litegraph's height rule
 * (a row per port, a widget per param, the room below them); the width is about the widest
 * node's (litegraph measures text). Enough to keep new nodes off the others.
 */
export function nodeBox(node: GraphNode, graph: Graph): Box {
  const def = nodeDef(node.type);
  // A `multiple` port shows a slot per link into the node and one free slot.
  const links = graph.edges.filter((e) => (parsePortRef(e.to)?.node ?? e.to) === node.id).length;
  const inputs = (def?.inputs ?? []).reduce((count, p) => count + (p.multiple ? links + 1 : 1), 0);
  const rows = Math.max(inputs, def?.outputs.length ?? 0, 1);
  const room = roomBelowWidgets(node.type);
  const params = def?.params.length ?? 0;
  const widgets = params ? (NODE_WIDGET_HEIGHT + WIDGET_GAP) * params + WIDGETS_MARGIN : 0;
  const height = Math.max(NODE_MIN_HEIGHT, NODE_SLOT_HEIGHT * rows + widgets + NODE_BOTTOM_MARGIN + room.height);
  const width = Math.max(NODE_WIDTH, room.minWidth, titleWidth(node.ui.title ?? node.id));
  return [node.ui.pos[0], node.ui.pos[1] - NODE_TITLE_HEIGHT, width, height + NODE_TITLE_HEIGHT];
}
