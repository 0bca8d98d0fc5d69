import { describe, it, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { webviewModule } from '../helpers/webview-module';

/** The part of a Chart.js line chart the plugin draws on, recording the context's calls. */
interface ChartLike {
  ctx: Record<string, unknown>;
  chartArea: { left: number; right: number; top: number; bottom: number };
  scales: { x: { getPixelForValue(value: number): number } };
}
const { scaleMarksPlugin } = webviewModule<{ scaleMarksPlugin(marks: readonly number[]): { id: string; afterDatasetsDraw(chart: ChartLike): void } }>('scale-marks');

const globals = globalThis as { document?: unknown; getComputedStyle?: unknown };
afterEach(() => {
  delete globals.document;
  delete globals.getComputedStyle;
});

/** A chart 100 px wide from x = 10, one pixel per iteration from 0, whose theme border colour is `border`. */
function chart(border: string): { chart: ChartLike; calls: string[] } {
  const calls: string[] = [];
  const ctx: Record<string, unknown> = {};
  for (const name of ['save', 'restore', 'beginPath', 'stroke', 'moveTo', 'lineTo', 'setLineDash']) ctx[name] = (...args: unknown[]) => calls.push(`${name}(${args.map((a) => JSON.stringify(a)).join(',')})`);
  Object.defineProperty(ctx, 'strokeStyle', { set: (v: string) => calls.push(`strokeStyle ${v}`) });
  globals.document = { body: {} };
  globals.getComputedStyle = () => ({ getPropertyValue: (name: string) => (name === '--vscode-editorWidget-border' ? border : '') });
  return { calls, chart: { ctx, chartArea: { left: 10, right: 110, top: 5, bottom: 95 }, scales: { x: { getPixelForValue: (v) => 10 + v } } } };
}

describe('scaleMarksPlugin', () => {
  it('draws a dashed vertical line at each mark inside the chart area, in the theme\'s border colour', () => {
    const { chart: c, calls } = chart(' #445566 ');
    scaleMarksPlugin([0, 50, 100, 150, -5]).afterDatasetsDraw(c);
    const line = (x: number) => ['beginPath()', `moveTo(${x},5)`, `lineTo(${x},95)`, 'stroke()'];
    assert.deepEqual(calls, ['save()', 'strokeStyle #445566', 'setLineDash([4,4])', ...line(10), ...line(60), ...line(110), 'restore()']);
  });

  it('uses a grey outside VS Code, and draws nothing without marks', () => {
    const { chart: c, calls } = chart('');
    scaleMarksPlugin([]).afterDatasetsDraw(c);
    assert.deepEqual(calls, ['save()', 'strokeStyle #888888', 'setLineDash([4,4])', 'restore()']);
  });
});
