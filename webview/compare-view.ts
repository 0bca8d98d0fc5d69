/**
 * Two recorded runs side by side (`#compare`, over the canvas): both images, both runs' loss
 * curves on one chart (the first run solid, the second dashed) and the params that differ.
 */
import { Chart } from 'chart.js';
import { parseGraph } from '../src/core/graph/parse';
import type { Graph } from '../src/core/graph/types';
import { plottedTermsOf } from '../src/core/compile/plotted-terms';
import { paramDifferences } from '../src/core/history/param-diff';
import { lossSeries } from '../src/core/history/run-record';
import type { ComparedRun } from '../src/core/protocol/messages';
import { el } from './dom';
import { seriesColour } from './loss-chart';
import { paramText, runDate, runLoss } from './ui-state';

const NAMES = ['A', 'B'] as const;

/** The series of a run's chart: its plotted terms (as the live chart's), the total last (every reported node when its graph does not compile). */
function lossIds(run: ComparedRun, graph: Graph | undefined): string[] {
  const plotted = graph && plottedTermsOf(graph);
  if (!plotted) return [...run.losses.nodes];
  return [...plotted.filter((id) => run.losses.nodes.includes(id) && id !== run.losses.loss), run.losses.loss];
}

export function createCompareView(parent: HTMLElement) {
  const close = el('button', { id: 'compare-close', title: 'Back to the graph' }, 'Close');
  const images = el('div', { class: 'compare-images' });
  const chartCanvas = el('canvas', { id: 'compare-chart-canvas' });
  const chartBox = el('div', { id: 'compare-chart', 'data-series': '0', 'data-runs': '0' }, chartCanvas);
  const diff = el('table', { id: 'compare-diff', 'data-differences': '0' });
  const element = el('div', { id: 'compare', hidden: '' },
    el('div', { class: 'compare-head' }, el('h3', {}, 'Compare runs'), close), images, chartBox, el('h3', {}, 'Params that differ'), diff);
  parent.append(element);
  let chart: Chart<'line'> | undefined;
  close.addEventListener('click', () => {
    element.hidden = true;
  });

  function figure(run: ComparedRun, name: string): HTMLElement {
    const { info } = run;
    return el('figure', { 'data-run-id': run.id },
      el('img', { src: run.imageUri, alt: `run ${name}` }),
      el('figcaption', {}, el('b', {}, `${name} · ${runDate(info.started)}`), el('br'),
        `${runLoss(info.loss)} · ${info.iterations} it · ${info.size[1]}x${info.size[0]} · ${info.backend} · ${info.seconds.toFixed(1)} s`));
  }

  /** Each run's plotted terms (J's own terms, its loss nodes) and its total. */
  function drawChart(runs: readonly [ComparedRun, ComparedRun], graphs: readonly (Graph | undefined)[]): void {
    chart?.destroy();
    const datasets = runs.flatMap((run, r) => lossIds(run, graphs[r]).map((id, i) => {
      const total = id === run.losses.loss;
      const colour = seriesColour(i, total);
      return {
        label: `${NAMES[r]} ${total ? 'total' : id}`,
        data: lossSeries(run.losses, id).map(([x, y]) => ({ x, y: Math.max(y, Number.MIN_VALUE) })),
        borderColor: colour,
        backgroundColor: colour,
        borderDash: r === 0 ? [] : [5, 4],
      };
    }));
    chart = new Chart(chartCanvas, {
      type: 'line',
      data: { datasets },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        parsing: false,
        elements: { point: { radius: 0 }, line: { borderWidth: 1.5 } },
        scales: { x: { type: 'linear', title: { display: true, text: 'iteration' } }, y: { type: 'logarithmic', title: { display: true, text: 'loss' } } },
        plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } } },
      },
    });
    chartBox.dataset.series = String(datasets.length);
    chartBox.dataset.runs = String(runs.length);
    chartBox.dataset.totals = datasets.filter((d) => d.label.endsWith(' total')).map((d) => d.data.length).join(',');
  }

  function showDifferences(a: Graph | undefined, b: Graph | undefined): void {
    const rows = a && b ? paramDifferences(a, b) : [];
    diff.replaceChildren(
      el('tr', {}, el('th', {}, 'node.param'), el('th', {}, 'A'), el('th', {}, 'B')),
      ...rows.map((d) => el('tr', { 'data-key': d.key }, el('td', {}, el('code', {}, d.key)), el('td', {}, paramText(d.a)), el('td', {}, paramText(d.b)))),
    );
    if (rows.length === 0) diff.append(el('tr', {}, el('td', { colspan: '3' }, a && b ? 'The two graphs have the same params.' : 'A recorded graph does not parse.')));
    diff.dataset.differences = String(rows.length);
  }

  return {
    element,
    show(runs: readonly [ComparedRun, ComparedRun]): void {
      images.replaceChildren(...runs.map((r, i) => figure(r, NAMES[i]!)));
      element.hidden = false;
      const graphs = runs.map((r) => parseGraph(r.graphText).graph);
      drawChart(runs, graphs);
      showDifferences(graphs[0], graphs[1]);
    },
  };
}
