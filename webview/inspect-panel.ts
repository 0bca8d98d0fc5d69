/**
 * "Look inside" (`#inspect`, at the top of the side area): selecting a node whose output is
 * features shows its 16 most active channels as a grid, with a picker for any channel; a node
 * whose output is a Gram matrix shows it as a heatmap with its scale. The engine that ran computes
 * the values (the host's engine process, or the webview's runner), on demand, only between runs
 * (never inside the optimisation loop); they are kept for that run.
 */
import type { LGraphNode } from '@comfyorg/litegraph';
import { nodeDef } from '../src/core/nodes/catalogue';
import type { InspectedValue } from '../src/core/inspect/inspected-value';
import { normaliseMap } from '../src/core/inspect/normalise-map';
import { mapPixels } from '../src/core/inspect/colour-scale';
import type { CanvasView } from './canvas-view';
import { el } from './dom';
import { engineWatchers, type RunEngine } from './run-engine';

/** Node values kept for the last run. */
const KEPT_VALUES = 8;

type Shown = 'features' | 'gram';

export function createInspectPanel(side: HTMLElement, view: CanvasView) {
  const title = el('h3', { id: 'inspect-title' });
  const note = el('p', { id: 'inspect-note', class: 'inspect-note' });
  const body = el('div', { id: 'inspect-body' });
  const panel = el('section', { id: 'inspect', hidden: '', 'data-state': 'empty' }, title, note, body);
  side.prepend(panel);

  let engine: RunEngine | undefined;
  /** Values of the last run's nodes, by node id, oldest first. */
  const kept = new Map<string, InspectedValue>();
  let selected: { id: string; shown: Shown } | undefined;
  /** Bumped on every change of selection or run: a computation that finds it changed drops its result. */
  let generation = 0;

  engineWatchers.add((e) => {
    engine = e;
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
    if (engine?.running) return state('waiting', heading, 'Shown when the run ends: looking inside never slows a run.');
    const run = engine?.lastRun;
    if (!engine || !run) return state('waiting', heading, 'Run the graph to look inside this node.');
    state('loading', heading, 'Computing…');
    try {
      const value = await valueOf(engine, id);
      if (token !== generation) return;
      const from = run.plan.loop.some((p) => p.node.id === id) ? 'the generated image as the last run left it' : 'the run\'s constant images';
      const current = () => token === generation;
      if (value.type === 'features') showFeatures(engine, id, value, from, current);
      else showGram(value, from);
    } catch (e) {
      if (token === generation) state('error', heading, (e as Error).message);
    }
  }

  async function valueOf(from: RunEngine, id: string): Promise<InspectedValue> {
    let value = kept.get(id);
    if (value) {
      kept.delete(id);
    } else {
      value = await from.inspect(id);
      if (kept.size >= KEPT_VALUES) kept.delete(kept.keys().next().value!);
    }
    kept.set(id, value);
    return value;
  }

  function showFeatures(from: RunEngine, id: string, value: Extract<InspectedValue, { type: 'features' }>, source: string, current: () => boolean): void {
    const { width: w, height: h, channels, means, maps } = value;
    panel.dataset.state = 'features';
    panel.dataset.channels = String(channels);
    note.textContent = `The ${maps.length} most active of ${channels} channels (highest mean activation first), ${w}x${h}, from ${source}. Each map is scaled to its own range: black lowest, white highest.`;
    const grid = el('div', { id: 'inspect-grid' });
    for (const { channel, values } of maps) {
      const tile = mapCanvas(values, w, h, 'grey', { class: 'inspect-tile', 'data-channel': String(channel), title: `channel ${channel}: mean ${means[channel]!.toPrecision(3)}` });
      grid.append(el('figure', {}, tile, el('figcaption', {}, String(channel))));
    }
    const picker = el('input', { id: 'inspect-channel', type: 'number', min: '0', max: String(channels - 1), step: '1', value: String(maps[0]?.channel ?? 0) });
    const picked = el('figure', { id: 'inspect-picked' });
    const showChannel = async (): Promise<void> => {
      const channel = Math.min(channels - 1, Math.max(0, Math.trunc(Number(picker.value)) || 0));
      const known = maps.find((m) => m.channel === channel);
      const answer = known ? undefined : await from.inspect(id, [channel]).catch((e: Error) => e);
      if (!current()) return;
      if (answer instanceof Error) {
        picked.replaceChildren(el('figcaption', {}, answer.message));
        return;
      }
      const map = known?.values ?? (answer?.type === 'features' ? answer.maps[0]?.values : undefined);
      if (!map) return;
      const canvas = mapCanvas(map, w, h, 'grey', { class: 'inspect-map', 'data-channel': String(channel) });
      picked.replaceChildren(canvas, el('figcaption', {}, `channel ${channel} · mean ${means[channel]!.toPrecision(3)}`));
    };
    picker.addEventListener('change', () => void showChannel());
    // Enter commits the number and gives the keyboard back to the editor, as the canvas's own prompts do.
    picker.addEventListener('keydown', (e) => e.key === 'Enter' && picker.blur());
    body.replaceChildren(grid, el('label', { class: 'inspect-picker' }, 'Channel ', picker, ` of 0–${channels - 1}`), picked);
    void showChannel();
  }

  function showGram(value: Extract<InspectedValue, { type: 'gram' }>, source: string): void {
    const c = value.size;
    const { bytes, min, max } = normaliseMap(value.values);
    panel.dataset.state = 'gram';
    note.textContent = `${c}x${c} channel correlations (entry i, j: how much channels i and j fire together) from ${source}.`;
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
