/** The litegraph canvas (`#graph-canvas`): setup, VS Code theme colours, HiDPI sizing, fit to view. */
import * as litegraph from '@comfyorg/litegraph';
import { LGraphCanvas, LiteGraph } from '@comfyorg/litegraph';
import { cssVar, el } from './dom';
import { GraphBridge, type Litegraph, type StyleGraph } from './graph-bridge';

const PORT_COLOURS: Record<string, readonly [string, string]> = {
  image: ['--vscode-charts-blue', '#3794ff'], features: ['--vscode-charts-green', '#89d185'], gram: ['--vscode-charts-purple', '#b180d7'], stats: ['--vscode-charts-yellow', '#cca700'], mask: ['--vscode-charts-red', '#f14c4c'], scalar: ['--vscode-charts-orange', '#d18616'],
};

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
  canvas.low_quality_zoom_threshold = 0.5;
  lgGraph.onStyleChange = () => onChange();
  canvas.onNodeMoved = () => onChange();
  graphCanvas.addEventListener('pointerup', () => onChange());
  graphCanvas.addEventListener('keyup', () => onChange());

  /** Frames every node (at most 100% zoom). */
  function fitView(): void {
    const nodes = lgGraph.nodes as unknown as { pos: ArrayLike<number>; size: ArrayLike<number> }[];
    if (!nodes.length) return;
    const title = Number((LiteGraph as unknown as { NODE_TITLE_HEIGHT: number }).NODE_TITLE_HEIGHT) || 30;
    const x0 = Math.min(...nodes.map((n) => n.pos[0]!));
    const y0 = Math.min(...nodes.map((n) => n.pos[1]! - title));
    const x1 = Math.max(...nodes.map((n) => n.pos[0]! + n.size[0]!));
    const y1 = Math.max(...nodes.map((n) => n.pos[1]! + n.size[1]!));
    const { width, height } = box.getBoundingClientRect();
    const margin = 24;
    // Not below the zoom where litegraph stops drawing text: a big graph then starts at its top left.
    const scale = Math.max(canvas.low_quality_zoom_threshold + 0.01, Math.min(1, (width - 2 * margin) / Math.max(1, x1 - x0), (height - 2 * margin) / Math.max(1, y1 - y0)));
    canvas.ds.scale = scale;
    canvas.ds.offset[0] = Math.max(margin / scale - x0, (width / scale - (x1 - x0)) / 2 - x0);
    canvas.ds.offset[1] = Math.max(margin / scale - y0, (height / scale - (y1 - y0)) / 2 - y0);
    canvas.setDirty(true, true);
  }

  /** Canvas colours from the active VS Code theme (light, dark, high contrast). */
  function applyTheme(): void {
    const fg = cssVar('--vscode-editor-foreground', '#cccccc');
    const highContrast = document.body.classList.contains('vscode-high-contrast') || document.body.classList.contains('vscode-high-contrast-light');
    const border = cssVar('--vscode-contrastBorder', '') || cssVar('--vscode-widget-border', '') || cssVar('--vscode-panel-border', '#555555');
    const G = LiteGraph as unknown as Record<string, unknown>;
    canvas.clear_background_color = cssVar('--vscode-editor-background', '#1e1e1e');
    G.NODE_DEFAULT_BGCOLOR = cssVar('--vscode-editorWidget-background', '#252526');
    G.NODE_DEFAULT_COLOR = cssVar('--vscode-sideBarSectionHeader-background', '') || cssVar('--vscode-editorGroupHeader-tabsBackground', '#333333');
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
    for (const [type, [variable, fallback]] of Object.entries(PORT_COLOURS)) {
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
  }
  new ResizeObserver(resize).observe(box);
  matchMedia(`(resolution: ${window.devicePixelRatio}dppx)`).addEventListener('change', resize);

  return { box, bridge, lgGraph, canvas, fitView, applyTheme, resize };
}

export type CanvasView = ReturnType<typeof createCanvasView>;
