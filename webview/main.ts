/**
 * The custom editor's webview: builds the page, wires the views together and handles the host's
 * messages.
 */
import { isEngineSetting, type HostMessage, type WebviewMessage } from '../src/core/protocol/messages';
import { createBanners } from './banners';
import { createCompareView } from './compare-view';
import { createHistoryPanel } from './history-panel';
import { createCanvasView } from './canvas-view';
import { DocumentSync } from './document-sync';
import { el } from './dom';
import { FEATURE_LAYERS, addLayerMenu, createLayerActions } from './layer-actions';
import { createLossChart } from './loss-chart';
import { createPreviews } from './previews';
import { createFrameStrip } from './frame-strip';
import { createProblemsView } from './problems-view';
import { RunController } from './run-controller';
import { installTestHooks } from './test-hooks';
import { testHooksGate } from './test-hooks-gate';
import { installInspect } from './inspect-view';
import { installEvaluationMarks } from './evaluation-marks';
import { isEvaluationGraph } from '../src/core/compile/evaluation-plan';
import { createToolbar } from './toolbar';
import { addSweepMenu, createSweepDialog } from './sweep-dialog';
import { weightParam } from '../src/core/sweep/param-sweep';
import { LAYER_KINDS } from '../src/core/graph/layer-edits';
import { createSweepPanel } from './sweep-panel';
import { createViewKeeper } from './view-keeper';
import { graphEditor } from './document-edit';
import { arrangeGraph } from '../src/core/graph/graph-layout';
import { addCanvasMenuEntries } from './canvas-menu-extras';
import { nodeKeyLines } from '../src/core/graph/node-labels';
import { addTermNodeMenu, createTermActions, termPicker } from './term-actions';
import { addBypassMenu, installBypassDrawing } from './bypass-actions';
import { installStopKey } from './stop-key';
import { installHistoryKeys } from './undo-keys';

declare function acquireVsCodeApi(): { postMessage(message: unknown): void; getState(): unknown; setState(state: unknown): void };

const vscode = acquireVsCodeApi();
const post = (message: WebviewMessage): void => vscode.postMessage(message);

const toolbar = createToolbar(FEATURE_LAYERS, (kind, layer) => layers.add(kind, layer), [termPicker((kind) => void terms.add(kind))]);
const banners = createBanners();
const problemsView = createProblemsView(() => post({ type: 'openAsText' }));
const previews = createPreviews();
const strip = createFrameStrip((image) => runs.showFrame(image));
const evaluationHint = el('p', { id: 'evaluation-hint', class: 'hint' }, 'A graph without an optimizer is evaluated once: Run shows its results on its nodes.');
const side = el('div', { id: 'side' }, evaluationHint, el('h3', { class: 'style-run' }, 'Generated image'), previews.preview, strip.element, previews.outputs, el('h3', { class: 'style-run' }, 'Losses'));
const mainBox = el('div', { id: 'main' }, side);
document.body.append(toolbar.element, banners.trustBanner, banners.message, problemsView.panel, mainBox, problemsView.nodeStatus);

const view = createCanvasView(mainBox, () => doc.scheduleSync(), () => {
  doc.updateBadges();
  chart.style();
});
const chart = createLossChart(side);
const history = createHistoryPanel(post, (size) => {
  toolbar.setRunSize(size);
  banners.showMessage(`Runs are at ${size[0]}x${size[1]} now (the toolbar's size; the graph's own sizes are unchanged).`, 'info');
});
side.append(history.element);
const compare = createCompareView(mainBox);
const doc: DocumentSync = new DocumentSync(view, problemsView, banners, post, () => {
  view.lgGraph.keyLines = doc.graph && nodeKeyLines(doc.graph);
  runs.updateButtons();
  toolbar.setGraph(doc.graph);
  // A graph without an optimizer has no generated image, losses or run history: its results are on its nodes.
  side.classList.toggle('evaluation', doc.graph !== undefined && isEvaluationGraph(doc.graph));
});
const viewKeeper = createViewKeeper(view, post);
doc.onShown = (hasNodes) => viewKeeper.shown(hasNodes);
const runs: RunController = new RunController({ toolbar, banners, previews, chart, doc, strip }, post);
const layers = createLayerActions(doc, banners, post);
addLayerMenu(view.canvas, layers);
addBypassMenu(view.canvas as never, () => doc.editable);
// A widget that refuses a value says why, with the range it takes (number-input.ts).
view.lgGraph.onParamRefused = (nodeId, message) => banners.showMessage(`node "${nodeId}": ${message}`, 'info');
installBypassDrawing(view.canvas as never);
const sweeps = createSweepPanel(mainBox, runs, doc, post);
const sweepDialog = createSweepDialog(document.body, () => doc.graph, (plan) => void sweeps.run(plan));
addSweepMenu(view.canvas, () => doc.editable && !runs.sweeping, (nodeId, param) => sweepDialog.open(nodeId, param));

/** Style Graph: Sweep a Weight…: the sweep dialog on the graph's first weight (right-click a widget for any other param). */
function sweepWeight(): void {
  const start = doc.graph && weightParam(doc.graph);
  if (!doc.editable || runs.sweeping) banners.showMessage('A sweep cannot start now: the graph is read-only or a sweep is running.', 'info');
  else if (!start || !sweepDialog.open(start.nodeId, start.param)) banners.showMessage('This graph has no weight node to sweep: right-click a widget and choose "Sweep this param…".', 'info');
}

toolbar.addButton.addEventListener('click', (e) => view.canvas.showSearchBox(e));
toolbar.fitButton.addEventListener('click', () => {
  view.fitView();
  viewKeeper.changed();
});
const editGraph = graphEditor(doc, banners, post, []);
/** Arrange: the graph laid out left to right (one edit), then framed. */
function arrange(): void {
  if (!editGraph(arrangeGraph)) return;
  view.fitView();
  viewKeeper.changed();
}
toolbar.arrangeButton.addEventListener('click', arrange);
const terms = createTermActions(doc, banners, post);
addTermNodeMenu(view.canvas, terms);
addCanvasMenuEntries(view.canvas, () => (doc.editable ? [...terms.canvasEntries(), { content: 'Arrange (left to right)', callback: arrange }] : []));

/** The side panel (image, chart, runs) collapsed or shown; kept in the webview's state across reloads. */
function showSide(shown: boolean): void {
  document.body.classList.toggle('side-collapsed', !shown);
  toolbar.sideButton.setAttribute('aria-pressed', String(!shown));
  vscode.setState({ ...(vscode.getState() as object | undefined), sideCollapsed: !shown });
}
toolbar.sideButton.addEventListener('click', () => showSide(document.body.classList.contains('side-collapsed')));
showSide((vscode.getState() as { sideCollapsed?: unknown } | undefined)?.sideCollapsed !== true);

toolbar.runButton.addEventListener('click', () => void runs.run());
toolbar.stopButton.addEventListener('click', () => runs.stop());
// Escape does what Stop does, in the page (stop-key.ts).
installStopKey(window, () => !toolbar.stopButton.disabled, () => runs.stop());
installHistoryKeys(window, () => doc.sync(), (action) => post({ type: action }));
toolbar.saveButton.addEventListener('click', () => void runs.saveImage());

/** The engine and backend settings: where the next run computes, and the backends the toolbar offers there. */
function setEngine(m: { engine?: unknown; backend?: unknown }): void {
  const engine = isEngineSetting(m.engine) ? m.engine : 'host';
  runs.setEngine(engine);
  toolbar.setBackendChoices(engine, typeof m.backend === 'string' ? m.backend : 'auto');
}

const testHooks = testHooksGate(() => installTestHooks(view, doc, runs));

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const m = event.data;
  if (typeof m !== 'object' || m === null || typeof m.type !== 'string') return;
  switch (m.type) {
    case 'init':
      if (typeof m.wasmBaseUri === 'string') runs.wasmBaseUri = m.wasmBaseUri;
      if (typeof m.faceModels?.uri === 'string' && typeof m.faceModels.path === 'string') runs.setFaceModels(m.faceModels);
      setEngine(m);
      testHooks(m);
      break;
    case 'backendSetting':
      setEngine(m);
      break;
    case 'engineEvent':
      if (Number.isSafeInteger(m.job) && typeof m.event === 'object' && m.event !== null) runs.engineEvent(m.job, m.event);
      break;
    case 'document':
      if (typeof m.text === 'string') doc.show(m.text);
      break;
    case 'weights':
      runs.setWeights({ modelJsonUri: m.modelJsonUri, source: m.source });
      break;
    case 'weightsError':
      runs.setWeightsError(m.message);
      break;
    case 'imageResolved':
      runs.answered(m.requestId, m.uri);
      break;
    case 'imageError':
      runs.failed(m.requestId, m.message);
      break;
    case 'folderRead':
      if (Array.isArray(m.files)) runs.answered(m.requestId, m.files);
      break;
    case 'folderError':
      runs.failed(m.requestId, m.message);
      break;
    case 'command':
      if (m.command === 'run') void runs.run();
      else if (m.command === 'stop') runs.stop();
      else if (m.command === 'saveImage') void runs.saveImage();
      else if (m.command === 'sweepWeight') sweepWeight();
      else if (m.command === 'compareLatest' && !history.compareLatest()) {
        banners.showMessage('Compare needs two runs of this graph: run it, change a weight, run it again.', 'info');
      }
      break;
    case 'addLayer':
      if (LAYER_KINDS.includes(m.kind) && FEATURE_LAYERS.includes(m.layer)) layers.add(m.kind, m.layer);
      break;
    case 'trust':
      runs.setTrusted(m.trusted === true);
      break;
    case 'saved':
      banners.showMessage(`Saved ${m.path}`, 'info');
      break;
    case 'saveError':
      banners.showMessage(m.message);
      break;
    case 'runs':
      if (Array.isArray(m.runs)) history.show(m.runs);
      break;
    case 'comparison':
      if (Array.isArray(m.runs) && m.runs.length === 2) compare.show(m.runs);
      break;
    case 'historyError':
      banners.showMessage(m.message);
      break;
    case 'imagePicked':
      if (typeof m.requestId === 'number') terms.imagePicked(m.requestId, { ...(typeof m.path === 'string' && { path: m.path }), ...(typeof m.message === 'string' && { message: m.message }) });
      break;
    case 'savedView':
      viewKeeper.setKept(m.view);
      break;
  }
});

installInspect(side, view, post);
installEvaluationMarks(view);

view.applyTheme();
view.resize();
runs.updateButtons();
post({ type: 'ready' });
post({ type: 'listRuns' });
