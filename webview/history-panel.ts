/**
 * The side panel's list of the graph's recorded runs (`#history`): thumbnail, date and loss,
 * newest first. Ticking two runs asks the host to compare them; "Restore" asks it to make the
 * document that run's graph as it was (one edit; the toolbar's run size is not in it); the size
 * the run ran at is shown, and "Use size" makes it the toolbar's run size.
 */
import type { RunListItem, WebviewMessage } from '../src/core/protocol/messages';
import { el } from './dom';
import { runDate, runLoss } from './ui-state';

export function createHistoryPanel(post: (message: WebviewMessage) => void, onUseSize: (size: readonly [number, number]) => void = () => {}) {
  const list = el('ul', { id: 'history', 'data-runs': '0' });
  const hint = el('p', { class: 'hint' }, 'No runs yet: every run is kept here.');
  const element = el('section', { id: 'history-section' }, el('h3', {}, 'Runs'), hint, list);
  /** Ids ticked for comparison, oldest tick first (a third tick drops the first). */
  let picked: string[] = [];
  /** The runs shown, newest first. */
  let shown: readonly RunListItem[] = [];

  /** Shows the ticks of `picked` and asks for the comparison once two are ticked. */
  function ticked(): void {
    for (const box of list.querySelectorAll<HTMLInputElement>('.run-pick')) box.checked = picked.includes(box.closest('li')!.dataset.runId!);
    if (picked.length === 2) post({ type: 'compareRuns', ids: [picked[0]!, picked[1]!] });
  }

  function row(run: RunListItem): HTMLLIElement {
    const pick = el('input', { type: 'checkbox', class: 'run-pick', title: 'Tick two runs to compare them' });
    pick.checked = picked.includes(run.id);
    pick.addEventListener('change', () => {
      picked = pick.checked ? [...picked.filter((id) => id !== run.id), run.id].slice(-2) : picked.filter((id) => id !== run.id);
      ticked();
    });
    const restore = el('button', { class: 'run-restore', title: 'Make the document this run\'s graph (one edit: Undo brings yours back)' }, 'Restore');
    restore.addEventListener('click', () => post({ type: 'restoreRun', id: run.id }));
    const { info } = run;
    const size = `${info.size[0]}x${info.size[1]}`;
    const useSize = el('button', { class: 'run-size-apply secondary', title: `Run at ${size} (the toolbar's run size; the graph is not changed)` }, size);
    useSize.addEventListener('click', () => onUseSize(info.size));
    const title = `${info.status === 'cancelled' ? 'stopped' : 'done'} · ${info.iterations} iterations · ${info.size[1]}x${info.size[0]} · ${info.backend} · ${info.seconds.toFixed(1)} s`;
    return el('li', { class: 'run', 'data-run-id': run.id, title },
      pick,
      el('img', { class: 'run-thumb', src: run.imageUri, alt: '' }),
      el('span', { class: 'run-text' }, el('span', { class: 'run-date' }, runDate(info.started)), el('span', { class: 'run-loss' }, runLoss(info.loss))),
      el('span', { class: 'run-actions' }, restore, useSize));
  }

  return {
    element,
    /** Ticks the two newest runs, the older first (as two ticks would): false when there are fewer than two. */
    compareLatest(): boolean {
      if (shown.length < 2) return false;
      picked = [shown[1]!.id, shown[0]!.id];
      ticked();
      element.scrollIntoView({ block: 'nearest' });
      return true;
    },
    show(runs: readonly RunListItem[]): void {
      shown = runs;
      picked = picked.filter((id) => runs.some((r) => r.id === id));
      list.replaceChildren(...runs.map(row));
      list.dataset.runs = String(runs.length);
      hint.hidden = runs.length > 0;
    },
  };
}

export type HistoryPanel = ReturnType<typeof createHistoryPanel>;
