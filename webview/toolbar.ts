/** The toolbar: run controls, backend label, run status and progress. */
import { el } from './dom';
import { progressText } from './ui-state';

type RunState = 'idle' | 'loading' | 'running' | 'done' | 'cancelled' | 'error';

export function createToolbar() {
  const runButton = el('button', { id: 'run', title: 'Run the graph (optimise the generated image)' }, 'Run');
  const stopButton = el('button', { id: 'stop', title: 'Stop the run' }, 'Stop');
  const saveButton = el('button', { id: 'save-image', title: 'Save the generated image as PNG' }, 'Save image');
  const addButton = el('button', { id: 'add-node', title: 'Add a node (or double-click the canvas)' }, 'Add node');
  const fitButton = el('button', { id: 'fit-view', title: 'Show the whole graph' }, 'Fit');
  const backendLabel = el('span', { id: 'backend', title: 'TensorFlow.js backend' });
  const runStatus = el('span', { id: 'run-status', 'data-state': 'idle' }, 'idle');
  const progressBar = el('progress', { id: 'progress', value: '0', max: '1' });
  const progressLabel = el('span', { id: 'progress-text', 'data-iteration': '0', 'data-total': '0' });
  const element = el('div', { id: 'toolbar' }, runButton, stopButton, saveButton, addButton, fitButton,
    el('span', { class: 'label' }, 'backend:'), backendLabel, runStatus, progressBar, progressLabel);
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
    setBackend(backend: string): void {
      backendLabel.textContent = backend;
      backendLabel.dataset.backend = backend;
    },
    backend: (): string | undefined => backendLabel.dataset.backend,
    startProgress(iterations: number): void {
      progressBar.value = 0;
      progressBar.max = iterations;
      progressLabel.textContent = '';
    },
    showProgress(iteration: number, iterations: number, ms: number): void {
      progressBar.max = iterations;
      progressBar.value = iteration;
      progressLabel.textContent = progressText(iteration, iterations, ms);
      progressLabel.dataset.iteration = String(iteration);
      progressLabel.dataset.total = String(iterations);
    },
    updateButtons(s: { trusted: boolean; valid: boolean; running: boolean; hasImage: boolean }): void {
      runButton.disabled = !s.trusted || !s.valid || s.running;
      runButton.title = !s.trusted ? 'Running is disabled in an untrusted workspace' : !s.valid ? 'Fix the graph\'s problems first' : 'Run the graph';
      stopButton.disabled = !s.running;
      saveButton.disabled = !s.hasImage || s.running;
    },
  };
}

export type Toolbar = ReturnType<typeof createToolbar>;
