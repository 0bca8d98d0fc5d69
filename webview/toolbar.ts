/** The toolbar: run controls, run size and backend choices, the layer picker, backend label, run status and progress. */
import { backendChoicesOf, type EngineSetting } from '../src/core/protocol/messages';
import { LAYER_KINDS, type LayerKind } from '../src/core/graph/layer-edits';
import { el } from './dom';
import type { Graph } from '../src/core/graph/types';
import { progressText } from './ui-state';
import { createRunSizeControl } from './run-size-control';
import { createFrameCountControl } from './frame-count-control';

const BACKEND_TITLE = 'Where the last run computed, and on which backend';

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

/** `extra`: controls that go beside Add node and Add layer… (Add term…). */
export function createToolbar(layers: readonly string[], onAddLayer: (kind: LayerKind, layer: string) => void, extra: readonly HTMLElement[] = []) {
  const runButton = el('button', { id: 'run', title: 'Run the graph (optimise the generated image)' }, 'Run');
  const stopButton = el('button', { id: 'stop', title: 'Stop the run' }, 'Stop');
  const saveButton = el('button', { id: 'save-image', title: 'Save the generated image as PNG' }, 'Save image');
  const addButton = el('button', { id: 'add-node', title: 'Add a node (or double-click the canvas)' }, 'Add node');
  const fitButton = el('button', { id: 'fit-view', title: 'Show the whole graph' }, 'Fit');
  const arrangeButton = el('button', { id: 'arrange', title: 'Lay the graph out left to right, no node on another (one edit: Undo puts it back)' }, 'Arrange');
  const sideButton = el('button', { id: 'toggle-side', class: 'secondary', title: 'Hide or show the side panel (image, chart, runs)', 'aria-pressed': 'false' }, 'Panel');
  const addLayer = layerPicker(layers, onAddLayer);
  const runSize = createRunSizeControl();
  const frameCount = createFrameCountControl();
  const backendChoice = select('backend-choice', '', []);
  const backendLabel = el('span', { id: 'backend', title: BACKEND_TITLE });
  const runStatus = el('span', { id: 'run-status', 'data-state': 'idle' }, 'idle');
  const progressBar = el('progress', { id: 'progress', value: '0', max: '1' });
  const progressLabel = el('span', { id: 'progress-text', 'data-iteration': '0', 'data-total': '0' });
  // Groups that wrap as a whole when the editor is narrow; the status and progress have fixed widths, so a run's words never change the toolbar's height.
  const group = (...children: HTMLElement[]) => el('span', { class: 'tool-group' }, ...children);
  const element = el('div', { id: 'toolbar' },
    group(runButton, stopButton, saveButton),
    group(addButton, addLayer, ...extra),
    group(fitButton, arrangeButton, sideButton),
    group(el('span', { class: 'label' }, 'size:'), ...runSize.elements, frameCount.element, el('span', { class: 'label' }, 'backend:'), backendChoice, backendLabel),
    group(runStatus, progressBar, progressLabel));
  return {
    element,
    runButton,
    stopButton,
    saveButton,
    addButton,
    fitButton,
    arrangeButton,
    sideButton,
    setRunState(state: RunState, words: string = state): void {
      runStatus.dataset.state = state;
      runStatus.textContent = words;
    },
    /** The engine and backend a run got ("host · onnx (2 threads)"); the thread count and whether the page is cross-origin isolated go in data attributes. */
    setBackend(backend: string, threads: number, engine: EngineSetting): void {
      backendLabel.textContent = `${engine} · ${threads > 1 ? `${backend} (${threads} threads)` : backend}`;
      backendLabel.dataset.backend = backend;
      backendLabel.dataset.engine = engine;
      backendLabel.dataset.threads = String(threads ?? '');
      backendLabel.dataset.crossOriginIsolated = String(globalThis.crossOriginIsolated === true);
      backendLabel.title = BACKEND_TITLE;
      delete backendLabel.dataset.nativeLoop;
    },
    /** Where the run's iterations compute: the backend label's tooltip, and data-native-loop. */
    setLoop(nativeLoop: boolean, placement: string): void {
      backendLabel.title = `iterations: ${placement}`;
      backendLabel.dataset.nativeLoop = String(nativeLoop);
    },
    /** The run size chosen: "HxW", or '' for the graph's own sizes. */
    runSize: (): string => runSize.value(),
    /** A frame graph's first N frames to run (undefined: all). */
    frameCount: (): number | undefined => frameCount.value(),
    /** The run size's note and the frames choice follow the document's graph (run-size-control.ts, frame-count-control.ts). */
    setGraph(graph: Graph | undefined): void {
      runSize.setGraph(graph);
      frameCount.setGraph(graph);
    },
    /** Chooses the run size "HxW" (a size not offered yet is added to the choices). */
    setRunSize(size: readonly [number, number]): void {
      runSize.choose(`${size[0]}x${size[1]}`);
    },
    backendChoice: (): string => backendChoice.value || 'auto',
    /** The engine's backends (the host's engine process or the webview's tfjs), `choice` selected (auto when the engine has no such backend). */
    setBackendChoices(engine: EngineSetting, choice: string): void {
      const choices = backendChoicesOf(engine);
      backendChoice.replaceChildren(...choices.map((b) => el('option', { value: b }, b)));
      backendChoice.value = choices.includes(choice) ? choice : 'auto';
      backendChoice.title = engine === 'host'
        ? 'Backend of the engine process (setting stylegraph.backend): auto is onnx (VGG-19 on onnxruntime\'s native kernels) where it loads, else wasm on every core'
        : 'TensorFlow.js backend in the webview (setting stylegraph.backend): auto picks a hardware GPU, else wasm';
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
      arrangeButton.disabled = !s.editable;
      for (const e of extra) if (e instanceof HTMLSelectElement || e instanceof HTMLButtonElement) e.disabled = !s.editable;
    },
  };
}

export type Toolbar = ReturnType<typeof createToolbar>;
