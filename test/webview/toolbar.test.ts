import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useDom } from '../helpers/dom';
import { EXAMPLES } from '../helpers/paths';
import { loadGraph } from '../../src/core/graph/load';
import type { LayerKind } from '../../src/core/graph/layer-edits';
import { createToolbar } from '../../webview/toolbar';

useDom();

const ready = { trusted: true, valid: true, running: false, hasImage: true, editable: true };

function toolbar(extra: HTMLElement[] = []) {
  const picked: [LayerKind, string][] = [];
  const t = createToolbar(['conv1_1', 'conv4_2'], (kind, layer) => picked.push([kind, layer]), extra);
  const $ = <E extends Element>(selector: string) => t.element.querySelector<E>(selector)!;
  return { t, picked, $ };
}

test('Add layer offers each kind at each layer and hands the pick on, then shows Add layer again', () => {
  const { picked, $ } = toolbar();
  const picker = $<HTMLSelectElement>('#add-layer');
  assert.deepEqual([...picker.querySelectorAll('optgroup')].map((g) => g.label), ['Style layer', 'Content layer']);
  assert.deepEqual([...picker.options].map((o) => o.value), ['', 'style:conv1_1', 'style:conv4_2', 'content:conv1_1', 'content:conv4_2']);
  picker.value = 'content:conv4_2';
  picker.dispatchEvent(new Event('change'));
  assert.deepEqual(picked, [['content', 'conv4_2']]);
  assert.equal(picker.value, '');
  picker.dispatchEvent(new Event('change'));
  assert.equal(picked.length, 1);
});

test('Run needs trust, a valid graph and no run; Stop a run; Save an image and no run', () => {
  const { t } = toolbar();
  t.updateButtons(ready);
  assert.deepEqual([t.runButton.disabled, t.stopButton.disabled, t.saveButton.disabled], [false, true, false]);
  assert.equal(t.runButton.title, 'Run the graph');
  t.updateButtons({ ...ready, running: true });
  assert.deepEqual([t.runButton.disabled, t.stopButton.disabled, t.saveButton.disabled], [true, false, true]);
  t.updateButtons({ ...ready, trusted: false });
  assert.equal(t.runButton.disabled, true);
  assert.equal(t.runButton.title, 'Running is disabled in an untrusted workspace');
  t.updateButtons({ ...ready, valid: false });
  assert.equal(t.runButton.disabled, true);
  assert.equal(t.runButton.title, 'Fix the graph\'s problems first');
  t.updateButtons({ ...ready, hasImage: false });
  assert.equal(t.saveButton.disabled, true);
});

test('a read-only graph disables the editing controls, the extra ones too', () => {
  const extraButton = document.createElement('button');
  const extraSelect = document.createElement('select');
  const { t, $ } = toolbar([extraButton, extraSelect]);
  t.updateButtons({ ...ready, editable: false });
  assert.deepEqual([$<HTMLSelectElement>('#add-layer').disabled, t.arrangeButton.disabled, extraButton.disabled, extraSelect.disabled], [true, true, true, true]);
  assert.equal(t.runButton.disabled, false);
  t.updateButtons(ready);
  assert.deepEqual([$<HTMLSelectElement>('#add-layer').disabled, t.arrangeButton.disabled, extraButton.disabled, extraSelect.disabled], [false, false, false, false]);
});

test('the run state and its words', () => {
  const { t, $ } = toolbar();
  t.setRunState('running', 'running frame 2 of 4');
  assert.equal($<HTMLElement>('#run-status').dataset.state, 'running');
  assert.equal($<HTMLElement>('#run-status').textContent, 'running frame 2 of 4');
  t.setRunState('done');
  assert.equal($<HTMLElement>('#run-status').textContent, 'done');
});

test('the backend label names the engine, the backend and its threads', () => {
  const { t, $ } = toolbar();
  const label = $<HTMLElement>('#backend');
  t.setBackend('onnx', 8, 'host');
  assert.equal(label.textContent, 'host · onnx (8 threads)');
  assert.deepEqual({ ...label.dataset }, { backend: 'onnx', engine: 'host', threads: '8', crossOriginIsolated: 'false' });
  assert.equal(t.backend(), 'onnx');
  t.setBackend('webgl', 1, 'webview');
  assert.equal(label.textContent, 'webview · webgl');
});

test('the backend choices follow the engine; one the engine lacks is auto', () => {
  const { t, $ } = toolbar();
  const choice = $<HTMLSelectElement>('#backend-choice');
  assert.equal(t.backendChoice(), 'auto');
  t.setBackendChoices('host', 'onnx');
  assert.deepEqual([...choice.options].map((o) => o.value), ['auto', 'onnx', 'wasm', 'webgpu', 'cpu']);
  assert.equal(t.backendChoice(), 'onnx');
  assert.match(choice.title, /^Backend of the engine process/);
  t.setBackendChoices('webview', 'onnx');
  assert.deepEqual([...choice.options].map((o) => o.value), ['auto', 'webgpu', 'webgl', 'wasm', 'cpu']);
  assert.equal(t.backendChoice(), 'auto');
  assert.match(choice.title, /^TensorFlow\.js backend in the webview/);
});

test('progress: the bar and its words count the iterations', () => {
  const { t, $ } = toolbar();
  const bar = $<HTMLProgressElement>('#progress');
  const label = $<HTMLElement>('#progress-text');
  t.startProgress(200);
  assert.deepEqual([bar.value, bar.max, label.dataset.iteration, label.dataset.total, label.textContent], [0, 200, '0', '200', '']);
  t.showProgress(50, 200, 10000);
  assert.deepEqual([bar.value, bar.max, label.dataset.iteration, label.dataset.total], [50, 200, '50', '200']);
  assert.equal(label.textContent, '50 / 200 · 10.0 s · 5.0 it/s');
});

test('the run size and frames controls: chosen size, frame count shown for a frame graph', () => {
  const { t, $ } = toolbar();
  assert.equal(t.runSize(), '');
  t.setRunSize([300, 400]);
  assert.equal(t.runSize(), '300x400');
  assert.equal($<HTMLSelectElement>('#run-size').value, '300x400');
  assert.equal(t.frameCount(), 8);
  t.setGraph(loadGraph(readFileSync(join(EXAMPLES, 'video.stylegraph.json'), 'utf8')).graph!);
  assert.equal($<HTMLElement>('#frame-count-group').hidden, false);
  t.setGraph(undefined);
  assert.equal($<HTMLElement>('#frame-count-group').hidden, true);
});
