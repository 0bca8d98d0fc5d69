import type { Chart, Plugin } from 'chart.js';
import { cssVar } from './dom';

/**
 * A Chart.js plugin drawing a dashed vertical line at each iteration in `marks`: where a
 * multi-scale run moved to the next scale.
 */
export function scaleMarksPlugin(marks: readonly number[]): Plugin<'line'> {
  return {
    id: 'scaleMarks',
    afterDatasetsDraw(chart: Chart<'line'>) {
      const { ctx, chartArea, scales } = chart;
      ctx.save();
      ctx.strokeStyle = cssVar('--vscode-editorWidget-border', '#888888');
      ctx.setLineDash([4, 4]);
      for (const iteration of marks) {
        const x = scales.x!.getPixelForValue(iteration);
        if (x < chartArea.left || x > chartArea.right) continue;
        ctx.beginPath();
        ctx.moveTo(x, chartArea.top);
        ctx.lineTo(x, chartArea.bottom);
        ctx.stroke();
      }
      ctx.restore();
    },
  };
}
