/**
 * The custom editor's webview: litegraph canvas over the document's graph, run controls,
 * previews and the loss chart. The document (the host's TextDocument) is the truth: every
 * canvas change posts its canonical text; every document from the host re-renders the canvas.
 */
import * as litegraph from '@comfyorg/litegraph';
import { LGraphBadge, LGraphCanvas, LiteGraph } from '@comfyorg/litegraph';
import { Chart, Legend, LineController, LineElement, LinearScale, LogarithmicScale, PointElement, Tooltip } from 'chart.js';
import { loadGraph } from '../src/core/graph/load';
import type { Graph } from '../src/core/graph/types';
import type { Problem } from '../src/core/graph/problems';
import type { ParamValue } from '../src/core/nodes/types';
import type { RawImage } from '../src/core/image/raw-image';
import type { HostMessage, WebviewMessage } from '../src/core/protocol/messages';
import { GraphBridge, canonicalText, readGraph, setParam, type Litegraph, type LNode, type StyleGraph } from './graph-bridge';
import { defaultSavePath, lossSeries, problemLabel, problemsByNode, progressText } from './ui-state';
import { EditorRunner, chooseBackend, decodeImage, drawImage, encodePng } from './runner';

declare function acquireVsCodeApi(): { postMessage(message: unknown): void };

Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, Legend, Tooltip);

const vscode = acquireVsCodeApi();
const post = (message: WebviewMessage): void => vscode.postMessage(message);

// ---------- DOM ----------

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children);
  return e;
}

const runButton = el('button', { id: 'run', title: 'Run the graph (optimise the generated image)' }, 'Run');
const stopButton = el('button', { id: 'stop', title: 'Stop the run' }, 'Stop');
const saveButton = el('button', { id: 'save-image', title: 'Save the generated image as PNG' }, 'Save image');
const addButton = el('button', { id: 'add-node', title: 'Add a node (or double-click the canvas)' }, 'Add node');
const fitButton = el('button', { id: 'fit-view', title: 'Show the whole graph' }, 'Fit');
const backendLabel = el('span', { id: 'backend', title: 'TensorFlow.js backend' });
const runStatus = el('span', { id: 'run-status', 'data-state': 'idle' }, 'idle');
const progressBar = el('progress', { id: 'progress', value: '0', max: '1' });
const progressLabel = el('span', { id: 'progress-text', 'data-iteration': '0', 'data-total': '0' });
const toolbar = el('div', { id: 'toolbar' }, runButton, stopButton, saveButton, addButton, fitButton,
  el('span', { class: 'label' }, 'backend:'), backendLabel, runStatus, progressBar, progressLabel);
const trustBanner = el('div', { id: 'trust-banner', class: 'banner' }, 'This workspace is not trusted: you can view and edit the graph, but running is disabled.');
const message = el('div', { id: 'message', class: 'banner' });
const openAsText = el('button', { id: 'open-as-text' }, 'Open as text');
const problemList = el('ul', { id: 'problem-list' });
const problemsPanel = el('div', { id: 'problems' }, el('div', { class: 'problems-head' }, el('strong', {}, 'Problems'), openAsText), problemList);
const graphCanvas = el('canvas', { id: 'graph-canvas', tabindex: '0' });
const canvasBox = el('div', { id: 'canvas-box' }, graphCanvas);
const preview = el('canvas', { id: 'preview', width: '1', height: '1', 'data-iteration': '0' });
const outputs = el('div', { id: 'outputs' });
const chartCanvas = el('canvas', { id: 'loss-chart-canvas' });
const chartBox = el('div', { id: 'loss-chart', 'data-points': '0', 'data-series': '0', 'data-last-loss': '' }, chartCanvas);
const side = el('div', { id: 'side' }, el('h3', {}, 'Generated image'), preview, outputs, el('h3', {}, 'Losses'), chartBox);
const nodeStatus = el('ul', { id: 'node-status', hidden: '' });
document.body.append(toolbar, trustBanner, message, problemsPanel, el('div', { id: 'main' }, canvasBox, side), nodeStatus);
trustBanner.hidden = true;
message.hidden = true;
problemsPanel.hidden = true;

function showMessage(text: string, kind: 'error' | 'info' = 'error'): void {
  message.textContent = text;
  message.dataset.kind = kind;
  message.hidden = text === '';
}

// ---------- state ----------

let docText: string | undefined;
let graph: Graph | undefined;
let problems: readonly Problem[] = [];
/** Failures of the last run by node (e.g. an image that cannot be read): badges only, they do not block running. */
let runErrors: readonly Problem[] = [];
let editable = false;
let parsed = false;
let trusted = true;
let fileName: string | undefined;
let wasmBaseUri: string | undefined;
let weights: { modelJsonUri: string; source: string } | undefined;
let weightsError: string | undefined;
let lastImage: RawImage | undefined;
let nextRequest = 1;
const pendingImages = new Map<number, { resolve: (uri: string) => void; reject: (e: Error) => void }>();
const runner = new EditorRunner();

// ---------- canvas ----------

const lg = litegraph as unknown as Litegraph;
const bridge = new GraphBridge(lg);
const lgGraph: StyleGraph = bridge.createGraph();
const canvas = new LGraphCanvas(graphCanvas, lgGraph as never);
canvas.background_image = '';
canvas.render_canvas_border = false;
canvas.show_info = false;
canvas.low_quality_zoom_threshold = 0.5;
lgGraph.onStyleChange = () => scheduleSync();
canvas.onNodeMoved = () => scheduleSync();
graphCanvas.addEventListener('pointerup', () => scheduleSync());
graphCanvas.addEventListener('keyup', () => scheduleSync());
addButton.addEventListener('click', (e) => canvas.showSearchBox(e));
fitButton.addEventListener('click', () => fitView());

/** Frames every node (at most 100% zoom). The first document is framed; later ones keep the viewport. */
function fitView(): void {
  const nodes = lgGraph.nodes as unknown as { pos: ArrayLike<number>; size: ArrayLike<number> }[];
  if (!nodes.length) return;
  const title = Number((LiteGraph as unknown as { NODE_TITLE_HEIGHT: number }).NODE_TITLE_HEIGHT) || 30;
  const x0 = Math.min(...nodes.map((n) => n.pos[0]!));
  const y0 = Math.min(...nodes.map((n) => n.pos[1]! - title));
  const x1 = Math.max(...nodes.map((n) => n.pos[0]! + n.size[0]!));
  const y1 = Math.max(...nodes.map((n) => n.pos[1]! + n.size[1]!));
  const { width, height } = canvasBox.getBoundingClientRect();
  const margin = 24;
  // Not below the zoom where litegraph stops drawing text: a big graph then starts at its top left.
  const scale = Math.max(canvas.low_quality_zoom_threshold + 0.01, Math.min(1, (width - 2 * margin) / Math.max(1, x1 - x0), (height - 2 * margin) / Math.max(1, y1 - y0)));
  canvas.ds.scale = scale;
  canvas.ds.offset[0] = Math.max(margin / scale - x0, (width / scale - (x1 - x0)) / 2 - x0);
  canvas.ds.offset[1] = Math.max(margin / scale - y0, (height / scale - (y1 - y0)) / 2 - y0);
  canvas.setDirty(true, true);
}
let viewFitted = false;

const PORT_COLOURS: Record<string, readonly [string, string]> = {
  image: ['--vscode-charts-blue', '#3794ff'], features: ['--vscode-charts-green', '#89d185'], gram: ['--vscode-charts-purple', '#b180d7'], scalar: ['--vscode-charts-orange', '#d18616'],
};
const SERIES_COLOURS: readonly (readonly [string, string])[] = [
  ['--vscode-charts-blue', '#3794ff'], ['--vscode-charts-green', '#89d185'], ['--vscode-charts-purple', '#b180d7'], ['--vscode-charts-orange', '#d18616'],
  ['--vscode-charts-yellow', '#cca700'], ['--vscode-charts-red', '#f14c4c'], ['--vscode-terminal-ansiCyan', '#11a8cd'], ['--vscode-terminal-ansiMagenta', '#bc3fbc'],
];

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
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
  updateBadges();
  styleChart();
  canvas.setDirty(true, true);
}
// VS Code switches themes by changing body's classes and the --vscode-* variables on <html>.
const themeObserver = new MutationObserver(applyTheme);
themeObserver.observe(document.body, { attributes: true, attributeFilter: ['class'] });
themeObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });

/** Sizes the canvas backing store to the device pixel ratio: crisp on HiDPI screens. */
function resizeCanvas(): void {
  const ratio = Math.max(window.devicePixelRatio || 1, 1);
  const { width, height } = canvasBox.getBoundingClientRect();
  graphCanvas.width = Math.max(1, Math.round(width * ratio));
  graphCanvas.height = Math.max(1, Math.round(height * ratio));
  graphCanvas.getContext('2d')!.scale(ratio, ratio);
  canvas.draw(true, true);
}
new ResizeObserver(resizeCanvas).observe(canvasBox);
matchMedia(`(resolution: ${window.devicePixelRatio}dppx)`).addEventListener('change', resizeCanvas);

// ---------- document <-> canvas ----------

let syncQueued = false;
function scheduleSync(): void {
  if (syncQueued) return;
  syncQueued = true;
  setTimeout(() => {
    syncQueued = false;
    sync();
  }, 0);
}

/** Posts the canvas's canonical text when it differs from the document. */
function sync(): void {
  canvas.read_only = !editable; // litegraph lifts read_only when the space key (pan) is released
  if (!editable || !parsed || lgGraph.loading) return;
  const text = canonicalText(lgGraph);
  if (text === docText) return;
  docText = text;
  post({ type: 'edit', text });
  setProblems(readGraph(lgGraph), loadGraph(text).problems);
}

/** Shows a document: re-renders the canvas (keeping the viewport) or lists why it cannot. */
function showDocument(text: string): void {
  if (text === docText && parsed && editable) return;
  docText = text;
  runErrors = [];
  const result = loadGraph(text);
  parsed = result.graph !== undefined;
  let losses: readonly string[] = [];
  if (result.graph) {
    const load = bridge.load(lgGraph, result.graph);
    losses = load.losses;
    editable = load.lossless;
  } else {
    lgGraph.loading = true;
    lgGraph.clear();
    lgGraph.loading = false;
    editable = false;
  }
  canvas.read_only = !editable;
  if (!viewFitted && lgGraph.nodes.length) {
    viewFitted = true;
    fitView();
  }
  setProblems(result.graph, result.problems);
  if (!parsed) showMessage('This file cannot be opened as a graph: see the problems, or open it as text.');
  else if (!editable) showMessage(`The canvas cannot show this file exactly, so it will not change it: ${losses.join('; ')}. Fix it as text.`);
  else if (message.dataset.kind !== 'info') showMessage('');
  canvas.setDirty(true, true);
}

function setProblems(g: Graph | undefined, list: readonly Problem[]): void {
  graph = g;
  problems = list;
  problemList.replaceChildren(...list.map((p) => {
    const li = el('li', { 'data-code': p.code }, problemLabel(p));
    if (p.nodeId) li.dataset.nodeId = p.nodeId;
    if (p.port) li.dataset.port = p.port;
    if (p.param) li.dataset.param = p.param;
    return li;
  }));
  problemsPanel.hidden = list.length === 0 && (parsed && editable);
  updateBadges();
  updateButtons();
}

/** Error badges on nodes, and the hidden DOM mirror tests read. */
function updateBadges(): void {
  const byNode = problemsByNode([...problems, ...runErrors]);
  const items: HTMLLIElement[] = [];
  for (const node of lgGraph.nodes) {
    const id = String(node.id);
    const mine = byNode.get(id) ?? [];
    const n = node as unknown as { has_errors?: boolean; badges: unknown[] };
    n.has_errors = mine.length > 0;
    n.badges = mine.length
      ? [new LGraphBadge({ text: `⚠ ${mine.length}`, fgColor: cssVar('--vscode-errorForeground', '#f48771'), bgColor: cssVar('--vscode-inputValidation-errorBackground', '#5a1d1d') })]
      : [];
    items.push(el('li', { 'data-node-id': id, 'data-type': String(node.type), 'data-error': String(mine.length > 0), 'data-message': mine.map((p) => p.message).join('\n') }));
  }
  nodeStatus.replaceChildren(...items);
  canvas.setDirty(true, false);
}

function updateButtons(): void {
  const valid = parsed && problems.length === 0;
  runButton.disabled = !trusted || !valid || runner.running;
  runButton.title = !trusted ? 'Running is disabled in an untrusted workspace' : !valid ? 'Fix the graph\'s problems first' : 'Run the graph';
  stopButton.disabled = !runner.running;
  saveButton.disabled = lastImage === undefined || runner.running;
  trustBanner.hidden = trusted;
}

// ---------- chart ----------

const chart = new Chart(chartCanvas, {
  type: 'line',
  data: { labels: [], datasets: [] },
  options: {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    parsing: false,
    normalized: true,
    interaction: { mode: 'nearest', intersect: false },
    elements: { point: { radius: 0 }, line: { borderWidth: 1.5 } },
    scales: { x: { type: 'linear', title: { display: true, text: 'iteration' } }, y: { type: 'logarithmic', title: { display: true, text: 'loss' } } },
    plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } } },
  },
});
let chartQueued = false;

function styleChart(): void {
  const fg = cssVar('--vscode-foreground', '#cccccc');
  const grid = cssVar('--vscode-editorWidget-border', '') || cssVar('--vscode-panel-border', '#444444');
  Chart.defaults.color = fg;
  Chart.defaults.font.family = cssVar('--vscode-font-family', 'sans-serif');
  for (const axis of ['x', 'y'] as const) {
    const scale = chart.options.scales![axis]!;
    scale.grid = { color: grid };
    scale.ticks = { color: fg };
  }
  chart.data.datasets.forEach((d, i) => {
    d.borderColor = seriesColour(i, d.label === 'total');
    d.backgroundColor = d.borderColor;
  });
  chart.update('none');
}

function seriesColour(i: number, total: boolean): string {
  const [variable, fallback] = SERIES_COLOURS[i % SERIES_COLOURS.length]!;
  return total ? cssVar('--vscode-editor-foreground', '#cccccc') : cssVar(variable, fallback);
}

function resetChart(): void {
  chart.data.datasets = [];
  chart.update('none');
  chartBox.dataset.points = '0';
  chartBox.dataset.series = '0';
  chartBox.dataset.lastLoss = '';
}

function addChartPoint(iteration: number, losses: Readonly<Record<string, number>>, totalId: string, types: ReadonlyMap<string, string>): void {
  if (!chart.data.datasets.length) {
    const series = lossSeries(losses, totalId, types);
    chart.data.datasets = series.map((id, i) => ({
      label: id === totalId ? 'total' : id,
      data: [] as { x: number; y: number }[],
      borderColor: seriesColour(i, id === totalId),
      backgroundColor: seriesColour(i, id === totalId),
    }));
    (chart.data.datasets as unknown as { id: string }[]).forEach((d, i) => (d.id = series[i]!));
  }
  for (const d of chart.data.datasets as unknown as { id: string; data: { x: number; y: number }[] }[]) {
    const y = losses[d.id];
    if (y !== undefined) d.data.push({ x: iteration, y: Math.max(y, Number.MIN_VALUE) });
  }
  chartBox.dataset.points = String(Number(chartBox.dataset.points) + 1);
  chartBox.dataset.series = String(chart.data.datasets.length);
  chartBox.dataset.lastLoss = String(losses[totalId]);
  if (!chartQueued) {
    chartQueued = true;
    requestAnimationFrame(() => {
      chartQueued = false;
      chart.update('none');
    });
  }
}

// ---------- running ----------

function setRunState(state: 'idle' | 'loading' | 'running' | 'done' | 'cancelled' | 'error', words: string = state): void {
  runStatus.dataset.state = state;
  runStatus.textContent = words;
}

function readImage(path: string): Promise<RawImage> {
  const requestId = nextRequest++;
  const uri = new Promise<string>((resolve, reject) => pendingImages.set(requestId, { resolve, reject }));
  post({ type: 'resolveImage', requestId, path });
  return uri.then(decodeImage);
}

function outputCanvases(g: Graph): Map<string, HTMLCanvasElement> {
  const map = new Map<string, HTMLCanvasElement>();
  const list = g.nodes.filter((n) => n.type === 'image.output' && n.params.preview !== false);
  outputs.replaceChildren(...list.map((n) => {
    const c = el('canvas', { class: 'output-preview', 'data-node-id': n.id, width: '1', height: '1' });
    map.set(n.id, c);
    return el('figure', {}, c, el('figcaption', {}, n.id));
  }));
  return map;
}

async function run(): Promise<void> {
  if (runner.running || !graph || runButton.disabled) return;
  if (!weights) {
    showMessage(weightsError ?? 'No VGG-19 weights yet: the extension is still resolving them (see the setting stylegraph.weightsPath).');
    return;
  }
  const g = graph;
  const optimizer = g.nodes.find((n) => n.type === 'optimizer')!;
  const types = new Map(g.nodes.map((n) => [n.id, n.type]));
  const totalId = g.edges.find((e) => e.to === `${optimizer.id}.loss`)?.from.split('.')[0] ?? '';
  const fed = new Set(g.edges.filter((e) => e.from.startsWith(`${optimizer.id}.`)).map((e) => e.to.slice(0, e.to.lastIndexOf('.'))));
  const outs = outputCanvases(g);
  resetChart();
  showMessage('');
  runErrors = [];
  updateBadges();
  progressBar.value = 0;
  progressBar.max = Number(optimizer.params.iterations);
  progressLabel.textContent = '';
  setRunState('loading', 'starting');
  const started = performance.now();
  try {
    const backend = await chooseBackend(wasmBaseUri);
    backendLabel.textContent = backend;
    backendLabel.dataset.backend = backend;
    post({ type: 'runState', running: true, backend });
    const resultPromise = runner.run(g, weights, readImage, {
      onStage: (stage) => setRunState(stage, stage === 'loading' ? 'loading weights, images and targets' : 'running'),
      onProgress: (e) => {
        progressBar.max = e.iterations;
        progressBar.value = e.iteration;
        progressLabel.textContent = progressText(e.iteration, e.iterations, e.ms);
        progressLabel.dataset.iteration = String(e.iteration);
        progressLabel.dataset.total = String(e.iterations);
        addChartPoint(e.iteration, e.losses, totalId, types);
      },
      onPreview: (e) => {
        lastImage = e.image;
        drawImage(preview, e.image);
        preview.dataset.iteration = String(e.iteration);
        for (const [id, c] of outs) if (fed.has(id)) drawImage(c, e.image);
      },
    });
    updateButtons();
    const result = await resultPromise;
    lastImage = result.image;
    drawImage(preview, result.image);
    preview.dataset.iteration = String(result.iterations);
    for (const o of result.outputs) {
      const c = outs.get(o.nodeId);
      if (c) drawImage(c, o.image);
    }
    for (const [id, c] of outs) if (fed.has(id) && result.status !== 'done') drawImage(c, result.image);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    setRunState(result.status, result.status === 'done' ? `done: ${result.iterations} iterations in ${seconds} s` : `stopped after ${result.iterations} iterations`);
  } catch (e) {
    const err = e as Error & { nodeId?: string; problems?: readonly Problem[] };
    setRunState('error', 'error');
    showMessage(err.message);
    if (err.nodeId) {
      runErrors = [{ code: 'structure', message: err.message, nodeId: err.nodeId }];
      updateBadges();
    }
    post({ type: 'showError', message: err.message });
  } finally {
    post({ type: 'runState', running: false, ...(backendLabel.dataset.backend && { backend: backendLabel.dataset.backend }) });
    updateButtons();
  }
}

function stop(): void {
  runner.stop();
}

async function saveImage(): Promise<void> {
  if (!lastImage) {
    showMessage('Nothing to save yet: run the graph first.');
    return;
  }
  try {
    const png = await encodePng(lastImage);
    post({ type: 'saveImage', path: defaultSavePath(graph, fileName), png });
  } catch (e) {
    showMessage((e as Error).message);
  }
}

runButton.addEventListener('click', () => void run());
stopButton.addEventListener('click', stop);
saveButton.addEventListener('click', () => void saveImage());
openAsText.addEventListener('click', () => post({ type: 'openAsText' }));

// ---------- host messages ----------

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const m = event.data;
  if (typeof m !== 'object' || m === null || typeof m.type !== 'string') return;
  switch (m.type) {
    case 'init':
      if (typeof m.wasmBaseUri === 'string') wasmBaseUri = m.wasmBaseUri;
      if (typeof m.fileName === 'string') fileName = m.fileName;
      break;
    case 'document':
      if (typeof m.text === 'string') showDocument(m.text);
      break;
    case 'weights':
      weights = { modelJsonUri: m.modelJsonUri, source: m.source };
      weightsError = undefined;
      break;
    case 'weightsError':
      weights = undefined;
      weightsError = m.message;
      showMessage(m.message);
      break;
    case 'imageResolved':
      pendingImages.get(m.requestId)?.resolve(m.uri);
      pendingImages.delete(m.requestId);
      break;
    case 'imageError':
      pendingImages.get(m.requestId)?.reject(new Error(m.message));
      pendingImages.delete(m.requestId);
      break;
    case 'command':
      if (m.command === 'run') void run();
      else if (m.command === 'stop') stop();
      else if (m.command === 'saveImage') void saveImage();
      break;
    case 'trust':
      trusted = m.trusted === true;
      if (!trusted) runner.stop();
      updateButtons();
      break;
    case 'saved':
      showMessage(`Saved ${m.path}`, 'info');
      break;
    case 'saveError':
      showMessage(m.message);
      break;
  }
});

// ---------- test hooks (same code paths as the UI) ----------

function nodeById(id: string): LNode | undefined {
  return lgGraph.getNodeById(id) ?? undefined;
}

(window as unknown as { stylegraphTest: unknown }).stylegraphTest = {
  nodeIds: (): string[] => lgGraph.nodes.map((n) => String(n.id)),
  getParam: (nodeId: string, name: string): unknown => nodeById(nodeId)?.widgets?.find((w) => w.name === name)?.value,
  setParam: (nodeId: string, name: string, value: ParamValue): boolean => {
    const node = nodeById(nodeId);
    if (!node || !editable) return false;
    const ok = setParam(node, name, value, canvas);
    if (ok) sync();
    return ok;
  },
  connect: (from: string, to: string): boolean => {
    if (!editable) return false;
    const ok = bridge.connectEdge(lgGraph, { from, to }) === undefined;
    if (ok) sync();
    return ok;
  },
  disconnect: (to: string): boolean => {
    const dot = to.lastIndexOf('.');
    const node = nodeById(to.slice(0, dot));
    const slot = node?.inputs.findIndex((s) => s.name === to.slice(dot + 1) && s.link != null) ?? -1;
    if (!node || slot < 0 || !editable) return false;
    node.disconnectInput(slot);
    sync();
    return true;
  },
  moveNode: (nodeId: string, x: number, y: number): void => {
    const node = nodeById(nodeId);
    if (!node) return;
    node.pos = [x, y];
    sync();
  },
  text: (): string | undefined => (parsed ? canonicalText(lgGraph) : undefined),
  run: (): void => void run(),
  stop,
  saveImage: (): void => void saveImage(),
};

applyTheme();
resizeCanvas();
updateButtons();
post({ type: 'ready' });
