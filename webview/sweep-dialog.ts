/**
 * "Sweep this param…": the right-click entry on a node's widget, and the dialog (`#sweep-dialog`)
 * it opens with the param's keys (a term's layer ties both VGG-19 nodes) and suggested values
 * (src/core/sweep/param-sweep.ts), editable, plus an optional second param. Start checks every
 * combination first (src/core/sweep: the CLI's rules) and hands the axes on.
 */
import type { LGraphCanvas } from '@comfyorg/litegraph';
import type { Graph } from '../src/core/graph/types';
import { typeAxes, type SweepAxis } from '../src/core/sweep/combinations';
import { combinationProblems } from '../src/core/sweep/combination-problems';
import { runCount } from '../src/core/sweep/run-count';
import { suggestSweep } from '../src/core/sweep/param-sweep';
import { checkDistinctKeys, parseVary } from '../src/core/sweep/vary';
import { el } from './dom';

/** A sweep ready to run: the graph it starts from and its checked axes. */
export interface SweepPlan {
  readonly base: Graph;
  readonly axes: readonly SweepAxis[];
}

export function createSweepDialog(parent: HTMLElement, graph: () => Graph | undefined, onStart: (plan: SweepPlan) => void) {
  const axesBox = el('div', { class: 'sweep-axes' });
  const addParam = el('select', { id: 'sweep-add-param', title: 'Sweep a second param too: every combination runs (a grid)' });
  const error = el('p', { class: 'sweep-error', hidden: '' });
  const start = el('button', { id: 'sweep-start' }, 'Run sweep');
  const cancel = el('button', { id: 'sweep-cancel', class: 'secondary' }, 'Cancel');
  const count = el('span', { class: 'sweep-count' });
  const element = el('div', { id: 'sweep-dialog', hidden: '', role: 'dialog', 'aria-label': 'Sweep' },
    el('h3', {}, 'Sweep'),
    el('p', { class: 'hint' }, 'Keys: node.param, several joined by commas take the same value. Values: comma-separated. Runs go one after another at the toolbar\'s size.'),
    axesBox, addParam, error, el('div', { class: 'sweep-buttons' }, count, cancel, start));
  parent.append(element);

  function axisRow(keys: readonly string[], values: readonly string[]): HTMLElement {
    const keyInput = el('input', { class: 'sweep-keys', value: keys.join(','), spellcheck: 'false', title: 'node.param (tied keys joined by commas)' });
    const valueInput = el('input', { class: 'sweep-values', value: values.join(','), spellcheck: 'false', title: 'Values, comma-separated' });
    const remove = el('button', { class: 'sweep-remove secondary', title: 'Do not sweep this param' }, '×');
    const row = el('div', { class: 'sweep-axis' }, keyInput, el('span', {}, '='), valueInput, remove);
    remove.addEventListener('click', () => {
      row.remove();
      update();
    });
    for (const input of [keyInput, valueInput]) input.addEventListener('input', update);
    return row;
  }

  function rows(): { keys: string; values: string }[] {
    return [...axesBox.querySelectorAll('.sweep-axis')].map((row) => ({
      keys: row.querySelector<HTMLInputElement>('.sweep-keys')!.value.replace(/\s+/g, ''),
      values: row.querySelector<HTMLInputElement>('.sweep-values')!.value.split(',').map((v) => v.trim()).join(','),
    }));
  }

  /** The checked plan, or the first problem's words. */
  function check(): SweepPlan | string {
    const g = graph();
    if (!g) return 'the graph does not parse';
    try {
      const flags = rows().map((r) => parseVary(`${r.keys}=${r.values}`));
      if (!flags.length) return 'nothing to sweep: add a param';
      checkDistinctKeys(flags);
      const typed = typeAxes(g, flags);
      const problems = typed.problems.length ? typed.problems : combinationProblems(g, typed.axes);
      return problems.length ? problems[0]!.message : { base: g, axes: typed.axes };
    } catch (e) {
      return (e as Error).message;
    }
  }

  function update(): void {
    const plan = check();
    error.hidden = typeof plan !== 'string';
    error.textContent = typeof plan === 'string' ? plan : '';
    start.disabled = typeof plan === 'string';
    const n = typeof plan === 'string' ? 0 : runCount(plan.axes);
    count.textContent = n ? `${n} run${n === 1 ? '' : 's'}` : '';
    start.dataset.runs = String(n);
    addParam.disabled = axesBox.childElementCount >= 2;
  }

  /** Fills the second-param picker with every node.param of the graph not swept yet. */
  function fillParamPicker(g: Graph): void {
    addParam.replaceChildren(el('option', { value: '' }, 'Add a second param…'),
      ...g.nodes.flatMap((n) => Object.keys(n.params).map((p) => el('option', { value: `${n.id}.${p}` }, `${n.id}.${p}`))));
  }

  addParam.addEventListener('change', () => {
    const g = graph();
    const [nodeId, param] = [addParam.value.slice(0, addParam.value.lastIndexOf('.')), addParam.value.slice(addParam.value.lastIndexOf('.') + 1)];
    addParam.value = '';
    const s = g && suggestSweep(g, nodeId, param);
    if (s) axesBox.append(axisRow(s.keys, s.values));
    update();
  });
  cancel.addEventListener('click', () => (element.hidden = true));
  start.addEventListener('click', () => {
    const plan = check();
    if (typeof plan === 'string') return update();
    element.hidden = true;
    onStart(plan);
  });
  element.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') element.hidden = true;
  });

  return {
    element,
    /** Opens the dialog on one param, its values prefilled. */
    open(nodeId: string, param: string): boolean {
      const g = graph();
      const s = g && suggestSweep(g, nodeId, param);
      if (!g || !s) return false;
      axesBox.replaceChildren(axisRow(s.keys, s.values));
      fillParamPicker(g);
      element.hidden = false;
      update();
      axesBox.querySelector<HTMLInputElement>('.sweep-values')!.focus();
      return true;
    },
  };
}

export type SweepDialog = ReturnType<typeof createSweepDialog>;

/** Puts "Sweep this param…" first in a node's menu when the right-click was on one of its widgets (a param). */
export function addSweepMenu(canvas: LGraphCanvas, enabled: () => boolean, open: (nodeId: string, param: string) => void): void {
  const base = canvas.getNodeMenuOptions.bind(canvas);
  canvas.getNodeMenuOptions = (node) => {
    const options = base(node);
    const [x, y] = canvas.graph_mouse;
    const widget = enabled() ? node.getWidgetOnPos(x!, y!, true) : undefined;
    if (!widget) return options;
    const entry = { content: 'Sweep this param…', callback: () => void open(String(node.id), widget.name) };
    return [entry as unknown as (typeof options)[number], null, ...options];
  };
}
