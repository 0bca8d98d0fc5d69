/**
 * The toolbar's run size: `#run-size` (the graph's sizes, 64, 96, 128, 256, 512 square, custom…),
 * `#run-size-custom` (an "HxW" field that "custom…" opens; a size it refuses is named with the
 * sides it takes, and the size in effect stays as it was) and `#run-size-note` (what the size means
 * for this graph: a coarse-to-fine graph whose run is at or below its minSize runs one scale).
 */
import type { Graph } from '../src/core/graph/types';
import { oneScaleNote } from '../src/core/run/scale-note';
import { el } from './dom';
import { RUN_SIZES, parseRunSize, runSize } from './ui-state';

const CUSTOM = 'custom';

export function createRunSizeControl() {
  const select = el('select', { id: 'run-size', title: 'Size of the images of a run (as the CLI\'s --size); the file is not changed' },
    ...RUN_SIZES.map((s) => el('option', { value: s }, s || 'graph size')), el('option', { value: CUSTOM }, 'custom…'));
  const custom = el('input', { id: 'run-size-custom', type: 'text', placeholder: 'HxW', size: '9', hidden: '', title: 'A run size as HxW (height x width), e.g. 300x400; Enter applies it' });
  const note = el('span', { id: 'run-size-note', hidden: '' });
  let current = '';
  let graph: Graph | undefined;

  function showNote(text: string | undefined, kind: 'info' | 'error' = 'info'): void {
    note.textContent = text ?? '';
    note.hidden = !text;
    note.dataset.kind = kind;
    note.title = text ?? '';
  }

  const refresh = (): void => showNote(graph && oneScaleNote(graph, runSize(current)));

  function choose(choice: string): void {
    if (![...select.options].some((o) => o.value === choice)) select.insertBefore(el('option', { value: choice }, choice), select.lastElementChild);
    select.value = choice;
    current = choice;
    refresh();
  }

  select.addEventListener('change', () => {
    if (select.value !== CUSTOM) return choose(select.value);
    select.value = current; // the size in effect until a custom one is accepted
    custom.hidden = false;
    custom.focus();
  });

  function apply(): void {
    const parsed = parseRunSize(custom.value);
    if ('error' in parsed) {
      custom.setAttribute('aria-invalid', 'true');
      showNote(parsed.error, 'error');
      return;
    }
    custom.removeAttribute('aria-invalid');
    custom.hidden = true;
    choose(parsed.choice);
  }
  custom.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') apply();
    else if (e.key === 'Escape') {
      custom.hidden = true;
      custom.removeAttribute('aria-invalid');
      refresh();
    }
  });

  return {
    elements: [select, custom, note] as const,
    /** The run size in effect: "HxW", or '' for the graph's own sizes. */
    value: (): string => current,
    /** Makes "HxW" the run size in effect (a size not offered yet is added to the choices). */
    choose,
    /** The document's graph changed: the note follows it. */
    setGraph(next: Graph | undefined): void {
      graph = next;
      refresh();
    },
  };
}
