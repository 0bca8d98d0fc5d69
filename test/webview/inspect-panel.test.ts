import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { drawnOn, useDom } from '../helpers/dom';
import { webviewModuleWithLitegraph } from '../helpers/webview-module';
import type { InspectedValue } from '../../src/core/inspect/inspected-value';

/** An engine as the panel reads it: its last run's loop and its inspect answers. */
interface FakeEngine {
  running: boolean;
  lastRun: { plan: { loop: { node: { id: string } }[] } } | undefined;
  inspect(nodeId: string, channels?: readonly number[]): Promise<InspectedValue>;
}
interface FakeView {
  canvas: { onSelectionChange?: (nodes: Record<string, { id: string; type: string }>) => void };
}
/** What these tests use of webview/inspect-panel.ts and run-engine.ts (they import litegraph's types: see webview-module.ts). */
interface InspectPanelModule {
  createInspectPanel(side: HTMLElement, view: FakeView): { panel: HTMLElement };
}
let m: InspectPanelModule;
let engineWatchers: Set<(engine: FakeEngine) => void>;

useDom();
before(async () => {
  m = await webviewModuleWithLitegraph<InspectPanelModule>('inspect-panel');
  ({ engineWatchers } = await webviewModuleWithLitegraph<{ engineWatchers: typeof engineWatchers }>('run-engine'));
});

/** Resolves once `ready()` holds, checked after each change under `root` (no sleeping). */
function until(root: Node, ready: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (ready()) return resolve();
    const observer = new MutationObserver(() => {
      if (!ready()) return;
      observer.disconnect();
      resolve();
    });
    observer.observe(root, { subtree: true, childList: true, attributes: true, characterData: true });
  });
}

/** 3 channels of 2x2 maps, channel 2 the most active. */
const features: InspectedValue = {
  type: 'features', width: 2, height: 2, channels: 3, means: Float32Array.from([0.5, 0.25, 2]),
  maps: [{ channel: 2, values: Float32Array.from([0, 1, 2, 4]) }, { channel: 0, values: Float32Array.from([1, 1, 1, 1]) }],
};
const gram: InspectedValue = { type: 'gram', size: 2, values: Float32Array.from([0.001, 2, 2, 12345]) };

function setup() {
  engineWatchers.clear();
  const side = document.createElement('div');
  side.append(document.createElement('p'));
  let selections = 0;
  const view: FakeView = { canvas: { onSelectionChange: () => selections++ } };
  const { panel } = m.createInspectPanel(side, view);
  const asked: [string, (readonly number[] | undefined)][] = [];
  const answers: Record<string, InspectedValue | Error> = { generated_conv1_1: features, gram_style_conv1_1: gram, style_conv5_1: new Error('no <b>value</b> kept') };
  const engine: FakeEngine = {
    running: false,
    lastRun: { plan: { loop: [{ node: { id: 'generated_conv1_1' } }] } },
    inspect: async (id, channels) => {
      asked.push([id, channels]);
      const answer = answers[id]!;
      if (answer instanceof Error) throw answer;
      if (channels && answer.type === 'features') return { ...answer, maps: channels.map((channel) => ({ channel, values: Float32Array.from([channel, 0, 0, 0]) })) };
      return answer;
    },
  };
  const select = (...nodes: { id: string; type: string }[]) => view.canvas.onSelectionChange!(Object.fromEntries(nodes.map((n) => [n.id, n])));
  const tell = (e: FakeEngine) => engineWatchers.forEach((w) => w(e));
  return { side, panel, engine, asked, select, tell, selections: () => selections };
}

test('the panel goes first in the side area, hidden until a features or Gram node is selected alone', () => {
  const { side, panel, select, selections } = setup();
  assert.equal(side.firstElementChild, panel);
  assert.equal(panel.hidden, true);
  select({ id: 'alpha', type: 'weight' });
  assert.equal(panel.hidden, true);
  select({ id: 'generated_conv1_1', type: 'vgg19.layer' }, { id: 'gram_style_conv1_1', type: 'gram' });
  assert.equal(panel.hidden, true);
  select({ id: 'generated_conv1_1', type: 'vgg19.layer' });
  assert.equal(selections(), 3);
  assert.equal(panel.hidden, false);
  assert.equal(panel.dataset.nodeId, 'generated_conv1_1');
  assert.equal(panel.querySelector('#inspect-title')!.textContent, 'Feature maps: generated_conv1_1');
});

test('before a run, and while one runs, it says when it will show', () => {
  const { panel, engine, select, tell, asked } = setup();
  tell({ ...engine, lastRun: undefined });
  select({ id: 'generated_conv1_1', type: 'vgg19.layer' });
  assert.equal(panel.dataset.state, 'waiting');
  assert.equal(panel.querySelector('#inspect-note')!.textContent, 'Run the graph to look inside this node.');
  tell({ ...engine, running: true });
  assert.equal(panel.querySelector('#inspect-note')!.textContent, 'Shown when the run ends: looking inside never slows a run.');
  assert.deepEqual(asked, []);
});

test('features: the most active channels as tiles, and the picked channel large', async () => {
  const { panel, engine, select, tell, asked } = setup();
  tell(engine);
  select({ id: 'generated_conv1_1', type: 'vgg19.layer' });
  await until(panel, () => panel.querySelector('#inspect-picked canvas') !== null);
  assert.equal(panel.dataset.state, 'features');
  assert.equal(panel.dataset.channels, '3');
  assert.equal(panel.querySelector('#inspect-note')!.textContent, 'The 2 most active of 3 channels (highest mean activation first), 2x2, from the generated image as the last run left it. Each map is scaled to its own range: black lowest, white highest.');
  const tiles = [...panel.querySelectorAll<HTMLCanvasElement>('.inspect-tile')];
  assert.deepEqual(tiles.map((c) => c.dataset.channel), ['2', '0']);
  assert.equal(tiles[0]!.title, 'channel 2: mean 2.00');
  // Scaled to its own range: 0, 1, 2, 4 -> 0, 64, 128, 255 (grey: r = g = b).
  assert.deepEqual([0, 4, 8, 12].map((i) => drawnOn(tiles[0]!).data[i]), [0, 64, 128, 255]);
  assert.equal(panel.querySelector('#inspect-picked figcaption')!.textContent, 'channel 2 · mean 2.00');
  assert.deepEqual(asked, [['generated_conv1_1', undefined]]);
  const picker = panel.querySelector<HTMLInputElement>('#inspect-channel')!;
  assert.deepEqual([picker.min, picker.max, picker.value], ['0', '2', '2']);
  picker.value = '7';
  picker.dispatchEvent(new Event('change'));
  await until(panel, () => panel.querySelector('#inspect-picked figcaption')!.textContent === 'channel 2 · mean 2.00' && asked.length === 1);
  picker.value = '1';
  picker.dispatchEvent(new Event('change'));
  await until(panel, () => panel.querySelector('#inspect-picked figcaption')!.textContent === 'channel 1 · mean 0.250');
  assert.deepEqual(asked, [['generated_conv1_1', undefined], ['generated_conv1_1', [1]]]);
});

test('a Gram matrix: a heatmap over its range, the scale\'s ends as numbers', async () => {
  const { panel, engine, select, tell } = setup();
  tell(engine);
  select({ id: 'gram_style_conv1_1', type: 'gram' });
  await until(panel, () => panel.dataset.state === 'gram');
  assert.equal(panel.querySelector('#inspect-title')!.textContent, 'Gram matrix: gram_style_conv1_1');
  assert.equal(panel.querySelector('#inspect-note')!.textContent, '2x2 channel correlations (entry i, j: how much channels i and j fire together) from the run\'s constant images.');
  const heatmap = panel.querySelector<HTMLCanvasElement>('#inspect-heatmap')!;
  assert.deepEqual([heatmap.width, heatmap.height, Number(heatmap.dataset.min), Number(heatmap.dataset.max)], [2, 2, Math.fround(0.001), 12345]);
  assert.deepEqual([...panel.querySelectorAll('.inspect-legend span')].map((s) => s.textContent), ['1.00e-3', '1.23e+4']);
});

test('a value the engine cannot give is shown as its message, as text', async () => {
  const { panel, engine, select, tell } = setup();
  tell(engine);
  select({ id: 'style_conv5_1', type: 'vgg19.layer' });
  await until(panel, () => panel.dataset.state === 'error');
  assert.equal(panel.querySelector('#inspect-note')!.textContent, 'no <b>value</b> kept');
  assert.equal(panel.querySelector('b'), null);
});

test('a node\'s value is asked once per run: the next run asks again', async () => {
  const { panel, engine, select, tell, asked } = setup();
  tell(engine);
  const pick = async (id: string, type: string, state: string) => {
    select({ id, type });
    await until(panel, () => panel.dataset.state === state && panel.dataset.nodeId === id);
  };
  await pick('generated_conv1_1', 'vgg19.layer', 'features');
  await pick('gram_style_conv1_1', 'gram', 'gram');
  await pick('generated_conv1_1', 'vgg19.layer', 'features');
  assert.equal(asked.filter(([id]) => id === 'generated_conv1_1').length, 1);
  tell({ ...engine });
  await until(panel, () => asked.filter(([id]) => id === 'generated_conv1_1').length === 2);
});
