/**
 * "Look inside" (`#inspect`, at the top of the side area): selecting a node whose output is
 * features shows its 16 most active channels as a grid, with a picker for any channel; a node
 * whose output is a Gram matrix shows it as a heatmap with its scale. Values are computed on the
 * last run's backend, on demand, only between runs (never inside the optimisation loop), and kept
 * for that run.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LGraphNode } from '@comfyorg/litegraph';
import { nodeDef } from '../src/core/nodes/catalogue';
import type { Value } from '../src/core/nodes/types';
import { channelMaps, channelMeans, nodeValue } from '../src/core/inspect/node-value';
import { topChannels } from '../src/core/inspect/top-channels';
import { normaliseMap } from '../src/core/inspect/normalise-map';
import { mapPixels } from '../src/core/inspect/colour-scale';
import type { CanvasView } from './canvas-view';
import { el } from './dom';
import { EditorRunner, type InspectableRun } from './runner';

/** Channels the grid shows. */
const GRID_CHANNELS = 16;
/** Node values kept for the last run (a feature map at a large size is tens of MB on the device). */
const KEPT_VALUES = 4;

type Shown = 'features' | 'gram';

export function createInspectPanel(side: HTMLElement, view: CanvasView) {
  const title = el('h3', { id: 'inspect-title' });
  const note = el('p', { id: 'inspect-note', class: 'inspect-note' });
  const body = el('div', { id: 'inspect-body' });
  const panel = el('section', { id: 'inspect', hidden: '', 'data-state': 'empty' }, title, note, body);
  side.prepend(panel);

  let runner: EditorRunner | undefined;
  /** Values of the last run's nodes, by node id, oldest first. */
  const kept = new Map<string, Value>();
  let selected: { id: string; shown: Shown } | undefined;
  /** Bumped on every change of selection or run: a computation that finds it changed drops its result. */
  let generation = 0;

  EditorRunner.watchers.add((r) => {
    runner = r;
    forget();
    void refresh();
  });

  const onSelectionChange = view.canvas.onSelectionChange;
  view.canvas.onSelectionChange = (nodes) => {
    onSelectionChange?.(nodes);
    const list = Object.values(nodes).filter((n): n is LGraphNode => 'type' in n);
    const node = list.length === 1 ? list[0] : undefined;
    const output = node && nodeDef(String(node.type))?.outputs[0]?.type;
    selected = node && (output === 'features' || output === 'gram') ? { id: String(node.id), shown: output } : undefined;
    void refresh();
  };

  function forget(): void {
    for (const value of kept.values()) value.tensor.dispose();
    kept.clear();
  }

  function state(name: string, heading: string, text: string): void {
    panel.dataset.state = name;
    title.textContent = heading;
    note.textContent = text;
    body.replaceChildren();
  }

  async function refresh(): Promise<void> {
    const token = ++generation;
    if (!selected) {
      panel.hidden = true;
      delete panel.dataset.nodeId;
      panel.dataset.state = 'empty';
      return;
    }
    const { id, shown } = selected;
    panel.hidden = false;
    panel.dataset.nodeId = id;
    const heading = `${shown === 'features' ? 'Feature maps' : 'Gram matrix'}: ${id}`;
    if (runner?.running) return state('waiting', heading, 'Shown when the run ends: looking inside never slows a run.');
    const run = runner?.lastRun;
    if (!run) return state('waiting', heading, 'Run the graph to look inside this node.');
    state('loading', heading, 'Computing…');
    try {
      const value = valueOf(run, id);
      const from = run.plan.loop.some((p) => p.node.id === id) ? 'the generated image as the last run left it' : 'the run\'s constant images';
      if (value.type === 'features') await showFeatures(value.tensor, from, () => token === generation);
      else if (value.type === 'gram') await showGram(value.tensor, from, () => token === generation);
    } catch (e) {
      if (token === generation) state('error', heading, (e as Error).message);
    }
  }

  function valueOf(run: InspectableRun, id: string): Value {
    let value = kept.get(id);
    if (value) {
      kept.delete(id);
    } else {
      value = nodeValue(run, id);
      if (kept.size >= KEPT_VALUES) {
        const [oldest, old] = kept.entries().next().value!;
        old.tensor.dispose();
        kept.delete(oldest);
      }
    }
    kept.set(id, value);
    return value;
  }

  async function showFeatures(features: tf.Tensor4D, from: string, current: () => boolean): Promise<void> {
    const [, h, w, channels] = features.shape;
    const means = await channelMeans(features);
    const top = topChannels(means, GRID_CHANNELS);
    const maps = await channelMaps(features, top);
    if (!current()) return;
    panel.dataset.state = 'features';
    panel.dataset.channels = String(channels);
    note.textContent = `The ${top.length} most active of ${channels} channels (highest mean activation first), ${w}x${h}, from ${from}. Each map is scaled to its own range: black lowest, white highest.`;
    const grid = el('div', { id: 'inspect-grid' });
    top.forEach((channel, i) => {
      const tile = mapCanvas(maps[i]!, w, h, 'grey', { class: 'inspect-tile', 'data-channel': String(channel), title: `channel ${channel}: mean ${means[channel]!.toPrecision(3)}` });
      grid.append(el('figure', {}, tile, el('figcaption', {}, String(channel))));
    });
    const picker = el('input', { id: 'inspect-channel', type: 'number', min: '0', max: String(channels - 1), step: '1', value: String(top[0] ?? 0) });
    const picked = el('figure', { id: 'inspect-picked' });
    const showChannel = async (): Promise<void> => {
      const channel = Math.min(channels - 1, Math.max(0, Math.trunc(Number(picker.value)) || 0));
      const [map] = await channelMaps(features, [channel]);
      if (!current()) return;
      const canvas = mapCanvas(map!, w, h, 'grey', { class: 'inspect-map', 'data-channel': String(channel) });
      picked.replaceChildren(canvas, el('figcaption', {}, `channel ${channel} · mean ${means[channel]!.toPrecision(3)}`));
    };
    picker.addEventListener('change', () => void showChannel());
    // Enter commits the number and gives the keyboard back to the editor, as the canvas's own prompts do.
    picker.addEventListener('keydown', (e) => e.key === 'Enter' && picker.blur());
    body.replaceChildren(grid, el('label', { class: 'inspect-picker' }, 'Channel ', picker, ` of 0–${channels - 1}`), picked);
    await showChannel();
  }

  async function showGram(gram: tf.Tensor, from: string, current: () => boolean): Promise<void> {
    const [c] = gram.shape as [number, number];
    const { bytes, min, max } = normaliseMap(await gram.data());
    if (!current()) return;
    panel.dataset.state = 'gram';
    note.textContent = `${c}x${c} channel correlations (entry i, j: how much channels i and j fire together) from ${from}.`;
    const heatmap = mapCanvas(bytes, c, c, 'heat', { id: 'inspect-heatmap', 'data-min': String(min), 'data-max': String(max) });
    const scale = mapCanvas(Uint8Array.from({ length: 256 }, (_, i) => i), 256, 1, 'heat', { class: 'inspect-scale' });
    const legend = el('div', { class: 'inspect-legend' }, el('span', {}, format(min)), scale, el('span', {}, format(max)));
    body.replaceChildren(heatmap, legend);
  }

  return { panel };
}

/** A canvas of a map's pixels (bytes already scaled, or raw values scaled here to the map's range). */
function mapCanvas(values: Float32Array | Uint8Array, width: number, height: number, scale: 'heat' | 'grey', attrs: Record<string, string>): HTMLCanvasElement {
  const bytes = values instanceof Uint8Array ? values : normaliseMap(values).bytes;
  const canvas = el('canvas', { ...attrs, width: String(width), height: String(height) });
  canvas.getContext('2d')!.putImageData(new ImageData(new Uint8ClampedArray(mapPixels(bytes, scale)), width, height), 0, 0);
  return canvas;
}

function format(x: number): string {
  return Math.abs(x) >= 1e4 || (x !== 0 && Math.abs(x) < 1e-2) ? x.toExponential(2) : String(Number(x.toPrecision(3)));
}
