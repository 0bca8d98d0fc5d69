/**
 * The litegraph canvas (`#graph-canvas`): setup, VS Code theme colours, HiDPI sizing, fit to view,
 * menus without unsaved actions, the node search (filtered when a dragged link is released on
 * empty canvas), titles kept at low zoom.
 */
import * as litegraph from '@comfyorg/litegraph';
import { LGraphCanvas, LGraphGroup, LGraphNode, LiteGraph } from '@comfyorg/litegraph';
import { cssVar, el } from './dom';
import { GraphBridge } from './graph-bridge';
import type { Litegraph } from './litegraph-types';
import { persistedMenu, searchNodeTypes, type PortFilter } from './node-menus';
import type { StyleGraph } from './style-graph';
import { installCanvasTooltip } from './canvas-tooltip';
import { clickKey, createClickPairing } from './double-click';
import { keepRightClicksStill } from './still-right-click';
import { portTypeRows } from '../src/core/nodes/port-types';
import type { SavedView } from '../src/core/protocol/editor-view-messages';
import { shortenLeft } from '../src/core/graph/node-labels';

/** Below this zoom litegraph draws nodes without widgets or port names: titles and key lines are drawn instead (semantic zoom). */
const LOW_DETAIL_ZOOM = 0.6;
/** The smallest title and key line on screen, in CSS pixels, whatever the zoom. */
const MIN_TITLE_PX = 11;
const MIN_KEY_PX = 10;

type MenuOption = { content?: string } | null;
type SearchOptions = { node_from?: unknown; node_to?: unknown; slot_from?: unknown; type_filter_in?: unknown; type_filter_out?: unknown; do_type_filter?: boolean };
type SlotLike = { type: unknown };

/** What a zoomed-out node showed when last drawn, by node id: its title as drawn and its key lines (for tests and tooltips). */
export const lowZoomText = new Map<string, { title: string; lines: string[] }>();

patchLitegraph();

/** What is changed on litegraph's classes for every canvas (menus that only offer saved actions, what a node shows when zoomed out). */
function patchLitegraph(): void {
  const groupMenu = LGraphGroup.prototype.getMenuOptions;
  LGraphGroup.prototype.getMenuOptions = function (this: LGraphGroup) {
    return persistedMenu(groupMenu.call(this) as unknown as MenuOption[]) as unknown as ReturnType<typeof groupMenu>;
  };
  const drawTitleText = LGraphNode.prototype.drawTitleText;
  LGraphNode.prototype.drawTitleText = function (this: LGraphNode, ctx: CanvasRenderingContext2D, options: Parameters<typeof drawTitleText>[1]) {
    drawScale = options.scale;
    if (!options.low_quality) return drawTitleText.call(this, ctx, options);
    drawLowDetailTitle(this, ctx, options.scale, options.title_height ?? LiteGraph.NODE_TITLE_HEIGHT);
  };
  // Zoomed out, the collapse glyph would sit on the title's first letters: the title takes its place.
  const drawTitleBox = LGraphNode.prototype.drawTitleBox;
  LGraphNode.prototype.drawTitleBox = function (this: LGraphNode, ctx: CanvasRenderingContext2D, options: Parameters<typeof drawTitleBox>[1]) {
    if (!options.low_quality) drawTitleBox.call(this, ctx, options);
  };
  // Zoomed out, widgets are blank boxes: the node's key lines (layer, key values) are drawn instead, readable.
  const drawWidgets = LGraphNode.prototype.drawWidgets;
  LGraphNode.prototype.drawWidgets = function (this: LGraphNode, ctx: CanvasRenderingContext2D, options: Parameters<typeof drawWidgets>[1]) {
    if (!options.lowQuality) return drawWidgets.call(this, ctx, options);
    drawKeyLines(this, ctx);
  };
}

/** The zoom of the frame being drawn (litegraph draws a node's title, then its widgets). */
let drawScale = 1;

/** The title at a readable size on screen (at least MIN_TITLE_PX), shortened from the left to the node's width: ids end with what tells them apart. */
function drawLowDetailTitle(node: LGraphNode, ctx: CanvasRenderingContext2D, scale: number, titleHeight: number): void {
  const size = Math.max(LiteGraph.NODE_TEXT_SIZE, MIN_TITLE_PX / scale);
  const width = (node.collapsed ? node._collapsed_width ?? node.size[0] : node.size[0]) - 8;
  ctx.font = `${size}px ${LiteGraph.NODE_FONT}`;
  ctx.fillStyle = node.selected ? LiteGraph.NODE_SELECTED_TITLE_COLOR : LiteGraph.NODE_TITLE_COLOR;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  const title = shortenLeft(node.title, (t) => ctx.measureText(t).width <= width);
  ctx.fillText(title, 4, -titleHeight / 2);
  ctx.textBaseline = 'alphabetic';
  const shown = lowZoomText.get(String(node.id));
  lowZoomText.set(String(node.id), { title, lines: shown?.lines ?? [] });
}

/** The node's key lines (core's nodeKeyLines: its layer, key values) in its body, at a readable size, as many as fit. */
function drawKeyLines(node: LGraphNode, ctx: CanvasRenderingContext2D): void {
  const lines = (node.graph as unknown as StyleGraph | null)?.keyLines?.get(String(node.id)) ?? [];
  const size = Math.max(LiteGraph.NODE_TEXT_SIZE, MIN_KEY_PX / drawScale);
  const width = node.size[0] - 12;
  const drawn: string[] = [];
  ctx.save();
  ctx.font = `${size}px ${LiteGraph.NODE_FONT}`;
  ctx.fillStyle = LiteGraph.NODE_TEXT_COLOR;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'top';
  let y = 4;
  for (const line of lines) {
    if (y + size > node.size[1]) break;
    let text = line;
    while (text.length > 1 && ctx.measureText(text).width > width) text = `${text.slice(0, -2)}…`;
    ctx.fillText(text, 6, y);
    drawn.push(text);
    y += size * 1.15;
  }
  ctx.restore();
  const shown = lowZoomText.get(String(node.id));
  lowZoomText.set(String(node.id), { title: shown?.title ?? node.title, lines: drawn });
}

/**
 * Puts the canvas first in `parent`. `onChange` runs after anything on the canvas may have changed the graph; `onTheme` after a theme
 * change has recoloured the canvas, before it redraws.
 */
export function createCanvasView(parent: HTMLElement, onChange: () => void, onTheme: () => void) {
  const graphCanvas = el('canvas', { id: 'graph-canvas', tabindex: '0' });
  const box = el('div', { id: 'canvas-box' }, graphCanvas);
  parent.prepend(box);
  const bridge = new GraphBridge(litegraph as unknown as Litegraph);
  const lgGraph: StyleGraph = bridge.createGraph();
  const canvas = new LGraphCanvas(graphCanvas, lgGraph as never);
  canvas.background_image = '';
  canvas.render_canvas_border = false;
  canvas.show_info = false;
  canvas.low_quality_zoom_threshold = LOW_DETAIL_ZOOM;
  lgGraph.onStyleChange = () => onChange();
  canvas.onNodeMoved = () => onChange();
  // A double click is two clicks on the same node (or both on empty canvas) in the same view: before
  // litegraph's own pointerdown handler (this listener captures on the canvas's parent), its last
  // click is forgotten when this one is on something else. Without this, a click right after a click
  // 18 px away was taken for a double click and lost (double-click.ts).
  const pairing = createClickPairing(canvas.pointer);
  box.addEventListener('pointerdown', (e: PointerEvent) => {
    if (e.target !== graphCanvas) return;
    const rect = graphCanvas.getBoundingClientRect();
    const [x, y] = canvas.ds.convertCanvasToOffset([e.clientX - rect.left, e.clientY - rect.top]);
    const node = canvas.graph?.getNodeOnPos(x!, y!, canvas.visible_nodes);
    pairing.down(clickKey(node ? String(node.id) : undefined, canvas.ds));
  }, true);
  keepRightClicksStill(box, graphCanvas);
  // Menus, the title and search dialogs live outside the canvas: any click or key may have changed
  // the graph (a rename, a collapse, a group). onChange compares texts, so a spare call costs little.
  for (const type of ['pointerup', 'click', 'keyup']) document.addEventListener(type, () => onChange(), true);

  canvas.getCanvasMenuOptions = function (this: LGraphCanvas) {
    return persistedMenu(LGraphCanvas.prototype.getCanvasMenuOptions.call(this) as unknown as MenuOption[]) as never;
  };
  canvas.getNodeMenuOptions = function (this: LGraphCanvas, node: LGraphNode) {
    return persistedMenu(LGraphCanvas.prototype.getNodeMenuOptions.call(this, node) as unknown as MenuOption[]) as never;
  };

  // The node search lists catalogue types (by type or title); opened from a dragged link, only those that can take it.
  let portFilter: PortFilter = {};
  const showSearchBox = canvas.showSearchBox.bind(canvas);
  canvas.showSearchBox = (event: MouseEvent, options?: SearchOptions) => {
    portFilter = { input: slotType(options?.type_filter_in), output: slotType(options?.type_filter_out) };
    return showSearchBox(insideCanvas(event) ? event : viewCentre(), { ...options, do_type_filter: false } as never);
  };
  canvas.onSearchBox = (_helper: unknown, query: string) => searchNodeTypes(query, portFilter);
  // A link dropped on empty canvas opens the search; the chosen node is connected by type (litegraph's connectByType).
  LiteGraph.release_link_on_empty_shows_menu = true;
  canvas.showConnectionMenu = (options) => {
    const o = options as { nodeFrom?: unknown; slotFrom?: SlotLike | number | null; nodeTo?: unknown; slotTo?: SlotLike | number | null; e?: MouseEvent };
    if (!o.e) return undefined;
    if (o.nodeFrom && typeof o.slotFrom === 'object' && o.slotFrom) canvas.showSearchBox(o.e, { node_from: o.nodeFrom, slot_from: o.slotFrom, type_filter_in: o.slotFrom.type } as never);
    else if (o.nodeTo && typeof o.slotTo === 'object' && o.slotTo) canvas.showSearchBox(o.e, { node_to: o.nodeTo, slot_from: o.slotTo, type_filter_out: o.slotTo.type } as never);
    return undefined;
  };

  function insideCanvas(e: MouseEvent | undefined): boolean {
    const rect = graphCanvas.getBoundingClientRect();
    return !!e && e.clientX >= rect.left && e.clientX <= rect.right && e.clientY >= rect.top && e.clientY <= rect.bottom;
  }

  /**
   * Where a node made from outside the canvas (the Add Node button) goes: litegraph puts a new
   * node's top left where its search was opened, so this is up and left of the view's centre by
   * about half a node.
   */
  function viewCentre(): MouseEvent {
    const rect = graphCanvas.getBoundingClientRect();
    const x = rect.left + rect.width / 2 - 100 * canvas.ds.scale;
    const y = rect.top + rect.height / 2 - 50 * canvas.ds.scale;
    return { clientX: x, clientY: y, layerY: y - rect.top } as unknown as MouseEvent;
  }

  /** The view the last Fit gave (scale, offset x, offset y): the view is "fitted" while it is still this one. */
  let lastFit: [number, number, number] | undefined;

  /** Frames every node, at most 100% zoom (below LOW_DETAIL_ZOOM nodes show their titles and key values). False when there is nothing to frame or no room yet. */
  function fitView(): boolean {
    const nodes = lgGraph.nodes as unknown as LGraphNode[];
    const { width, height } = box.getBoundingClientRect();
    const margin = 24;
    // Before the webview is laid out the box has no size: a fit then would be a nonsense zoom.
    if (!nodes.length || width <= 4 * margin || height <= 4 * margin) return false;
    let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const n of nodes) {
      // From pos and size, not boundingRect: litegraph measures that when it draws a frame, so for a
      // document just loaded it is stale (the reason graphs used to open unfitted).
      const titleHeight = LiteGraph.NODE_TITLE_HEIGHT;
      const w = n.collapsed ? n._collapsed_width ?? n.size[0] : n.size[0];
      const h = n.collapsed ? 0 : n.size[1];
      const [x, y] = [n.pos[0], n.pos[1] - titleHeight];
      x0 = Math.min(x0, x);
      y0 = Math.min(y0, y);
      x1 = Math.max(x1, x + w);
      y1 = Math.max(y1, y + h + titleHeight);
    }
    const scale = Math.min(1, (width - 2 * margin) / Math.max(1, x1 - x0), (height - 2 * margin) / Math.max(1, y1 - y0));
    canvas.ds.scale = scale;
    canvas.ds.offset[0] = (width / scale - (x1 - x0)) / 2 - x0;
    canvas.ds.offset[1] = (height / scale - (y1 - y0)) / 2 - y0;
    lastFit = [canvas.ds.scale, canvas.ds.offset[0]!, canvas.ds.offset[1]!];
    canvas.setDirty(true, true);
    return true;
  }

  /** The view now, and whether it is still the last Fit's. */
  function currentView(): SavedView {
    const { scale, offset } = canvas.ds;
    const fitted = lastFit !== undefined && Math.abs(lastFit[0] - scale) < 1e-6 && Math.abs(lastFit[1] - offset[0]!) < 0.5 && Math.abs(lastFit[2] - offset[1]!) < 0.5;
    return { scale, offset: [offset[0]!, offset[1]!], fitted };
  }

  /** Shows a view kept from before (not a fitted one: that is framed anew). */
  function applyView(view: SavedView): void {
    canvas.ds.scale = view.scale;
    canvas.ds.offset[0] = view.offset[0];
    canvas.ds.offset[1] = view.offset[1];
    canvas.setDirty(true, true);
  }

  /** Selects a node and puts it in the middle of the view (keeping the zoom). */
  function focusNode(id: string): boolean {
    const node = lgGraph.getNodeById(id) as unknown as LGraphNode | null;
    if (!node) return false;
    canvas.selectNode(node);
    const { width, height } = box.getBoundingClientRect();
    const [x, y, w, h] = node.boundingRect;
    canvas.ds.offset[0] = width / 2 / canvas.ds.scale - (x + w / 2);
    canvas.ds.offset[1] = height / 2 / canvas.ds.scale - (y + h / 2);
    canvas.setDirty(true, true);
    return true;
  }

  /** Canvas colours from the active VS Code theme (light, dark, high contrast). */
  function applyTheme(): void {
    const fg = cssVar('--vscode-editor-foreground', '#cccccc');
    const highContrast = document.body.classList.contains('vscode-high-contrast') || document.body.classList.contains('vscode-high-contrast-light');
    const border = cssVar('--vscode-contrastBorder', '') || cssVar('--vscode-widget-border', '') || cssVar('--vscode-panel-border', '#555555');
    const G = LiteGraph as unknown as Record<string, unknown>;
    canvas.clear_background_color = cssVar('--vscode-editor-background', '#1e1e1e');
    const light = document.body.classList.contains('vscode-light') || document.body.classList.contains('vscode-high-contrast-light');
    G.NODE_DEFAULT_BGCOLOR = cssVar('--vscode-editorWidget-background', '#252526');
    // Light themes give the side bar's header the editor's own near-white: the title bar takes the secondary button's grey there.
    G.NODE_DEFAULT_COLOR = (light ? cssVar('--vscode-button-secondaryBackground', '') : '')
      || cssVar('--vscode-sideBarSectionHeader-background', '') || cssVar('--vscode-editorGroupHeader-tabsBackground', '#333333');
    G.NODE_EDGE_COLOR = highContrast ? border : cssVar('--vscode-input-border', '') || cssVar('--vscode-editorWidget-border', '') || border;
    G.NODE_TITLE_COLOR = fg;
    G.NODE_SELECTED_TITLE_COLOR = cssVar('--vscode-focusBorder', '#007fd4');
    G.NODE_TEXT_COLOR = fg;
    G.NODE_DEFAULT_BOXCOLOR = border;
    G.NODE_BOX_OUTLINE_COLOR = cssVar('--vscode-focusBorder', '#007fd4');
    G.NODE_ERROR_COLOUR = cssVar('--vscode-errorForeground', '#f48771');
    G.WIDGET_BGCOLOR = cssVar('--vscode-input-background', '#3c3c3c');
    G.WIDGET_OUTLINE_COLOR = highContrast ? border : cssVar('--vscode-input-border', '') || border;
    G.WIDGET_TEXT_COLOR = cssVar('--vscode-input-foreground', fg);
    G.WIDGET_SECONDARY_TEXT_COLOR = cssVar('--vscode-descriptionForeground', fg);
    G.LINK_COLOR = cssVar('--vscode-editorLineNumber-foreground', '#858585');
    canvas.node_title_color = fg;
    canvas.default_link_color = G.LINK_COLOR as string;
    for (const [type, { colour: [variable, fallback] }] of portTypeRows()) {
      const colour = cssVar(variable, fallback);
      canvas.default_connection_color_byType[type] = colour;
      canvas.default_connection_color_byTypeOff[type] = colour;
      LGraphCanvas.link_type_colors[type] = colour;
    }
    for (const node of lgGraph.nodes) {
      const n = node as unknown as { color?: string; bgcolor?: string };
      n.color = undefined;
      n.bgcolor = undefined;
    }
    onTheme();
    canvas.setDirty(true, true);
  }
  // VS Code switches themes by changing body's classes and the --vscode-* variables on <html>.
  const themeObserver = new MutationObserver(applyTheme);
  themeObserver.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  themeObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });

  /** Sizes the canvas backing store to the device pixel ratio: crisp on HiDPI screens. */
  function resize(): void {
    const ratio = Math.max(window.devicePixelRatio || 1, 1);
    const { width, height } = box.getBoundingClientRect();
    graphCanvas.width = Math.max(1, Math.round(width * ratio));
    graphCanvas.height = Math.max(1, Math.round(height * ratio));
    graphCanvas.getContext('2d')!.scale(ratio, ratio);
    canvas.draw(true, true);
    view.onResized?.();
  }
  new ResizeObserver(resize).observe(box);
  matchMedia(`(resolution: ${window.devicePixelRatio}dppx)`).addEventListener('change', resize);

  const tooltip = installCanvasTooltip(box, canvas, lgGraph);

  const view = { box, bridge, lgGraph, canvas, fitView, currentView, applyView, focusNode, applyTheme, resize, tooltip, onResized: undefined as (() => void) | undefined };
  return view;
}

/** A slot type as a port type name (litegraph's link types are strings for our ports). */
function slotType(type: unknown): string | undefined {
  return typeof type === 'string' && type !== '' ? type : undefined;
}


export type CanvasView = ReturnType<typeof createCanvasView>;
