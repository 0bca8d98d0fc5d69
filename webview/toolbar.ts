/** The toolbar: run controls, run size and backend choices, the layer picker, backend label, run status and progress. */
import { BACKEND_CHOICES, type BackendChoice, isBackendChoice } from '../src/core/protocol/messages';
import { LAYER_KINDS, type LayerKind } from '../src/core/graph/layer-edits';
import { el } from './dom';
import type { Graph } from '../src/core/graph/types';
import { progressText } from './ui-state';
import { createRunSizeControl } from './run-size-control';

/** A select whose options are [value, label] pairs. */
function select(id: string, title: string, options: readonly (readonly [string, string])[]): HTMLSelectElement {
  return el('select', { id, title }, ...options.map(([value, label]) => el('option', { value }, label)));
}

/**
 * `#add-layer`: "Add layer…" and one option per kind and layer ("style:conv3_2"); choosing one
 * calls `onPick` and shows "Add layer…" again.
 */
function layerPicker(layers: readonly string[], onPick: (kind: LayerKind, layer: string) => void): HTMLSelectElement {
  const picker = el('select', { id: 'add-layer', title: 'Add a style or content layer: its VGG-19 nodes, loss and weight, wired into the sum' },
    el('option', { value: '' }, 'Add layer…'),
    ...LAYER_KINDS.map((kind) => el('optgroup', { label: `${kind[0]!.toUpperCase()}${kind.slice(1)} layer` },
      ...layers.map((layer) => el('option', { value: `${kind}:${layer}` }, `${kind} ${layer}`)))));
  picker.addEventListener('change', () => {
    const [kind, layer] = picker.value.split(':');
    picker.value = '';
    if (kind && layer) onPick(kind as LayerKind, layer);
  });
  return picker;
}

type RunState = 'idle' | 'loading' | 'running' | 'done' | 'cancelled' | 'error';

export function createToolbar(layers: readonly string[], onAddLayer: (kind: LayerKind, layer: string) => void) {
  const runButton = el('button', { id: 'run', title: 'Run the graph (optimise the generated image)' }, 'Run');
  const stopButton = el('button', { id: 'stop', title: 'Stop the run' }, 'Stop');
  const saveButton = el('button', { id: 'save-image', title: 'Save the generated image as PNG' }, 'Save image');
  const addButton = el('button', { id: 'add-node', title: 'Add a node (or double-click the canvas)' }, 'Add node');
  const fitButton = el('button', { id: 'fit-view', title: 'Show the whole graph' }, 'Fit');
  const addLayer = layerPicker(layers, onAddLayer);
  const runSize = createRunSizeControl();
  const backendChoice = select('backend-choice', 'TensorFlow.js backend: auto picks a hardware GPU, else wasm (setting stylegraph.backend)', BACKEND_CHOICES.map((b) => [b, b]));
  const backendLabel = el('span', { id: 'backend', title: 'TensorFlow.js backend of the last run' });
  const runStatus = el('span', { id: 'run-status', 'data-state': 'idle' }, 'idle');
  const progressBar = el('progress', { id: 'progress', value: '0', max: '1' });
  const progressLabel = el('span', { id: 'progress-text', 'data-iteration': '0', 'data-total': '0' });
  const element = el('div', { id: 'toolbar' }, runButton, stopButton, saveButton, addButton, addLayer, fitButton,
    el('span', { class: 'label' }, 'size:'), ...runSize.elements, el('span', { class: 'label' }, 'backend:'), backendChoice, backendLabel, runStatus, progressBar, progressLabel);
  return {
    element,
    runButton,
    stopButton,
    saveButton,
    addButton,
    fitButton,
    setRunState(state: RunState, words: string = state): void {
      runStatus.dataset.state = state;
      runStatus.textContent = words;
    },
    /** The backend a run got; wasm's thread count and whether the page is cross-origin isolated go in data attributes. */
    setBackend(backend: string, threads?: number): void {
      backendLabel.textContent = threads && threads > 1 ? `${backend} (${threads} threads)` : backend;
      backendLabel.dataset.backend = backend;
      backendLabel.dataset.threads = String(threads ?? '');
      backendLabel.dataset.crossOriginIsolated = String(globalThis.crossOriginIsolated === true);
    },
    /** The run size chosen: "HxW", or '' for the graph's own sizes. */
    runSize: (): string => runSize.value(),
    /** The run size's note follows the document's graph (run-size-control.ts). */
    setGraph: (graph: Graph | undefined): void => runSize.setGraph(graph),
    backendChoice: (): BackendChoice => (isBackendChoice(backendChoice.value) ? backendChoice.value : 'auto'),
    setBackendChoice(choice: BackendChoice): void {
      backendChoice.value = choice;
    },
    backend: (): string | undefined => backendLabel.dataset.backend,
    startProgress(iterations: number): void {
      progressBar.value = 0;
      progressBar.max = iterations;
      progressLabel.textContent = '';
      progressLabel.dataset.iteration = '0';
      progressLabel.dataset.total = String(iterations);
    },
    showProgress(iteration: number, iterations: number, ms: number): void {
      progressBar.max = iterations;
      progressBar.value = iteration;
      progressLabel.textContent = progressText(iteration, iterations, ms);
      progressLabel.dataset.iteration = String(iteration);
      progressLabel.dataset.total = String(iterations);
    },
    updateButtons(s: { trusted: boolean; valid: boolean; running: boolean; hasImage: boolean; editable: boolean }): void {
      runButton.disabled = !s.trusted || !s.valid || s.running;
      runButton.title = !s.trusted ? 'Running is disabled in an untrusted workspace' : !s.valid ? 'Fix the graph\'s problems first' : 'Run the graph';
      stopButton.disabled = !s.running;
      saveButton.disabled = !s.hasImage || s.running;
      addLayer.disabled = !s.editable;
    },
  };
}

export type Toolbar = ReturnType<typeof createToolbar>;
