/** The loss chart (`#loss-chart`): one series per term of J (core's plottedTerms) plus the total, on a log scale. */
import { Chart, Legend, LineController, LineElement, LinearScale, LogarithmicScale, PointElement, Tooltip } from 'chart.js';
import { cssVar, el } from './dom';
import { dimmed, extraSeriesColour, lossSeries } from './ui-state';
import { scaleMarksPlugin } from './scale-marks';

Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, Legend, Tooltip);

const SERIES_COLOURS: readonly (readonly [string, string])[] = [
  ['--vscode-charts-blue', '#3794ff'], ['--vscode-charts-green', '#89d185'], ['--vscode-charts-purple', '#b180d7'], ['--vscode-charts-orange', '#d18616'],
  ['--vscode-charts-yellow', '#cca700'], ['--vscode-charts-red', '#f14c4c'], ['--vscode-terminal-ansiCyan', '#11a8cd'], ['--vscode-terminal-ansiMagenta', '#bc3fbc'],
];

/** The colour of the i-th series (the total in the foreground colour): the theme's chart colours, then others, never one twice. */
export function seriesColour(i: number, total: boolean): string {
  if (total) return cssVar('--vscode-editor-foreground', '#cccccc');
  if (i >= SERIES_COLOURS.length) return extraSeriesColour(i, SERIES_COLOURS.length);
  const [variable, fallback] = SERIES_COLOURS[i]!;
  return cssVar(variable, fallback);
}

/** A chart dataset: one node's losses (the total's drawn in the foreground colour). */
type Series = { nodeId: string; total: boolean; label: string; data: { x: number; y: number }[]; borderColor: string; backgroundColor: string; previous?: true; borderWidth?: number; borderDash?: number[] };

/**
 * Appends the chart to `parent` (attached before Chart.js sizes it). A new run's curves replace
 * the last run's, which stay on, dimmed and dashed ("previous …"), until Clear (`#clear-chart`).
 */
export function createLossChart(parent: HTMLElement) {
  const chartCanvas = el('canvas', { id: 'loss-chart-canvas' });
  const clear = el('button', { id: 'clear-chart', title: 'Remove the previous run\'s curves from the chart', hidden: '' }, 'Clear previous');
  const element = el('div', { id: 'loss-chart', 'data-points': '0', 'data-series': '0', 'data-previous-series': '0', 'data-last-loss': '' }, chartCanvas);
  parent.append(element, clear);
  /** Iterations where a multi-scale run moved to its next scale. */
  const scaleMarks: number[] = [];
  const chart = new Chart(chartCanvas, {
    type: 'line',
    data: { labels: [], datasets: [] },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      parsing: false,
      normalized: true,
      interaction: { mode: 'nearest', intersect: false },
      elements: { point: { radius: 0 }, line: { borderWidth: 1.5 } },
      scales: { x: { type: 'linear', title: { display: true, text: 'iteration' } }, y: { type: 'logarithmic', title: { display: true, text: 'loss' } } },
      // The previous run's curves share their colours with this run's: one legend entry each.
      plugins: { legend: { position: 'bottom', labels: { boxWidth: 12, filter: (item, data) => !(data.datasets[item.datasetIndex!] as { previous?: true }).previous } } },
    },
    plugins: [scaleMarksPlugin(scaleMarks)],
  });
  let current: Series[] = [];
  let previous: Series[] = [];
  let updateQueued = false;

  /** Colours each series from the theme: a run's i-th series and the previous run's i-th alike, the previous dimmed. */
  function colour(list: Series[]): void {
    list.forEach((d, i) => {
      const c = seriesColour(i, d.total);
      d.borderColor = d.previous ? dimmed(c, 0.4) : c;
      d.backgroundColor = d.borderColor;
    });
  }

  function setDatasets(): void {
    chart.data.datasets = [...previous, ...current] as never;
    element.dataset.series = String(current.length);
    element.dataset.previousSeries = String(previous.length);
    clear.hidden = previous.length === 0;
    chart.update('none');
  }

  clear.addEventListener('click', () => {
    previous = [];
    setDatasets();
  });

  return {
    element,
    clearButton: clear,
    /** Colours from the active VS Code theme. */
    style(): void {
      const fg = cssVar('--vscode-foreground', '#cccccc');
      const grid = cssVar('--vscode-editorWidget-border', '') || cssVar('--vscode-panel-border', '#444444');
      Chart.defaults.color = fg;
      Chart.defaults.font.family = cssVar('--vscode-font-family', 'sans-serif');
      for (const axis of ['x', 'y'] as const) {
        const scale = chart.options.scales![axis]!;
        scale.grid = { color: grid };
        scale.ticks = { color: fg };
      }
      colour(previous);
      colour(current);
      chart.update('none');
    },
    /** A new run starts: the last run's curves (if it drew any) become the previous ones, dimmed. */
    reset(): void {
      if (current.some((d) => d.data.length > 0)) {
        previous = current.map((d) => ({ ...d, label: `previous ${d.label}`, previous: true, borderWidth: 1, borderDash: [4, 3] }));
        colour(previous);
      }
      current = [];
      setDatasets();
      element.dataset.points = '0';
      element.dataset.firstLoss = '';
      element.dataset.lastLoss = '';
      scaleMarks.length = 0;
      delete element.dataset.scaleMarks;
    },
    /** Marks where the next scale of a multi-scale run starts (before this iteration's point). */
    markScale(iteration: number): void {
      scaleMarks.push(iteration - 0.5);
      element.dataset.scaleMarks = scaleMarks.map((x) => x + 0.5).join(',');
    },
    /** Adds one iteration's losses; the first point of a run creates the series. Redraws once per frame. */
    addPoint(iteration: number, losses: Readonly<Record<string, number>>, totalId: string, plotted: readonly string[]): void {
      if (!current.length) {
        current = lossSeries(losses, totalId, plotted).map((id) => ({ nodeId: id, total: id === totalId, label: id === totalId ? 'total' : id, data: [], borderColor: '', backgroundColor: '' }));
        colour(current);
        setDatasets();
      }
      for (const d of current) {
        const y = losses[d.nodeId];
        if (y !== undefined) d.data.push({ x: iteration, y: Math.max(y, Number.MIN_VALUE) });
      }
      if (element.dataset.points === '0') element.dataset.firstLoss = String(losses[totalId]);
      element.dataset.points = String(Number(element.dataset.points) + 1);
      element.dataset.lastLoss = String(losses[totalId]);
      if (!updateQueued) {
        updateQueued = true;
        requestAnimationFrame(() => {
          updateQueued = false;
          chart.update('none');
        });
      }
    },
  };
}

export type LossChart = ReturnType<typeof createLossChart>;
