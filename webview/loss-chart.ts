/** The loss chart (`#loss-chart`): one series per loss node plus the total, on a log scale. */
import { Chart, Legend, LineController, LineElement, LinearScale, LogarithmicScale, PointElement, Tooltip } from 'chart.js';
import { cssVar, el } from './dom';
import { lossSeries } from './ui-state';
import { scaleMarksPlugin } from './scale-marks';

Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, Legend, Tooltip);

const SERIES_COLOURS: readonly (readonly [string, string])[] = [
  ['--vscode-charts-blue', '#3794ff'], ['--vscode-charts-green', '#89d185'], ['--vscode-charts-purple', '#b180d7'], ['--vscode-charts-orange', '#d18616'],
  ['--vscode-charts-yellow', '#cca700'], ['--vscode-charts-red', '#f14c4c'], ['--vscode-terminal-ansiCyan', '#11a8cd'], ['--vscode-terminal-ansiMagenta', '#bc3fbc'],
];

function seriesColour(i: number, total: boolean): string {
  const [variable, fallback] = SERIES_COLOURS[i % SERIES_COLOURS.length]!;
  return total ? cssVar('--vscode-editor-foreground', '#cccccc') : cssVar(variable, fallback);
}

/** Appends the chart to `parent` (attached before Chart.js sizes it). */
export function createLossChart(parent: HTMLElement) {
  const chartCanvas = el('canvas', { id: 'loss-chart-canvas' });
  const element = el('div', { id: 'loss-chart', 'data-points': '0', 'data-series': '0', 'data-last-loss': '' }, chartCanvas);
  parent.append(element);
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
      plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } } },
    },
    plugins: [scaleMarksPlugin(scaleMarks)],
  });
  let updateQueued = false;
  return {
    element,
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
      chart.data.datasets.forEach((d, i) => {
        d.borderColor = seriesColour(i, d.label === 'total');
        d.backgroundColor = d.borderColor;
      });
      chart.update('none');
    },
    reset(): void {
      chart.data.datasets = [];
      chart.update('none');
      element.dataset.points = '0';
      element.dataset.series = '0';
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
    addPoint(iteration: number, losses: Readonly<Record<string, number>>, totalId: string, lossIds: ReadonlySet<string>): void {
      if (!chart.data.datasets.length) {
        const series = lossSeries(losses, totalId, lossIds);
        chart.data.datasets = series.map((id, i) => ({
          label: id === totalId ? 'total' : id,
          data: [] as { x: number; y: number }[],
          borderColor: seriesColour(i, id === totalId),
          backgroundColor: seriesColour(i, id === totalId),
        }));
        (chart.data.datasets as unknown as { id: string }[]).forEach((d, i) => (d.id = series[i]!));
      }
      for (const d of chart.data.datasets as unknown as { id: string; data: { x: number; y: number }[] }[]) {
        const y = losses[d.id];
        if (y !== undefined) d.data.push({ x: iteration, y: Math.max(y, Number.MIN_VALUE) });
      }
      element.dataset.points = String(Number(element.dataset.points) + 1);
      element.dataset.series = String(chart.data.datasets.length);
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
