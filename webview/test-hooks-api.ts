/**
 * The shape of `window.stylegraphTest` (webview/test-hooks.ts), shared with the E2E tests that
 * call it inside the webview frame. DOM-free, so Node's test build can import it.
 */
import type { ParamValue } from '../src/core/nodes/types';
import type { ResultLines } from './result-lines';

export interface StylegraphTestHooks {
  nodeIds(): string[];
  /** A param's value as its widget holds it. */
  getParam(nodeId: string, name: string): unknown;
  setParam(nodeId: string, name: string, value: ParamValue): boolean;
  connect(from: string, to: string): boolean;
  disconnect(to: string): boolean;
  moveNode(nodeId: string, x: number, y: number): void;
  /** The graph as the file would hold it, or undefined while the text does not parse. */
  text(): string | undefined;
  run(): void;
  stop(): void;
  saveImage(): void;
  /** Resolves once the host has answered a request sent now: every message the page sent before has reached the host. */
  hostRoundTrip(): Promise<void>;
  /** Where a node is drawn, in the canvas element's CSS pixels: [x, y, width, height], title bar included. */
  nodeRect(nodeId: string): [number, number, number, number] | undefined;
  /** Scrolls the canvas so the node is in the middle (what a user does by panning), at the zoom it has. */
  showNode(nodeId: string): boolean;
  /** Where a port's dot is drawn, in the canvas element's CSS pixels. */
  portPoint(nodeId: string, side: 'input' | 'output', name: string): [number, number] | undefined;
  /** The middle of a param's widget, in the canvas element's CSS pixels (once drawn). */
  widgetPoint(nodeId: string, name: string): [number, number] | undefined;
  selectedNodeIds(): string[];
  /** The canvas's zoom and offset (graph units). */
  viewport(): { scale: number; offset: [number, number] };
  /** Every node's box in graph coordinates (litegraph's own sizes): [id, x, y, width, height]. */
  nodeBoxes(): [string, number, number, number, number][];
  /** An image.load, image.output or face.detect node's thumbnail as last drawn: the image's size, or 'loading', or why none. */
  thumbnail(nodeId: string): { width: number; height: number } | string | undefined;
  /** The report a result node shows after an evaluation (headline, tone, detail lines), or undefined. */
  result(nodeId: string): ResultLines | undefined;
  /** The value a scalar node's title bar shows after an evaluation (encoding.distance), or undefined. */
  value(nodeId: string): string | undefined;
  /** What a node showed when last drawn zoomed out (below the zoom where widgets are drawn): its title as drawn and its key lines; undefined if never drawn so. */
  lowZoom(nodeId: string): { title: string; lines: string[] } | undefined;
}

/** The webview's global object, as the E2E tests see it. */
export interface TestHooksGlobal {
  readonly stylegraphTest: StylegraphTestHooks;
}
