/**
 * An evaluation's results on the nodes (a graph without an optimizer, evaluated once): each result
 * node's report in the room the bridge keeps under its widgets (the verdict or identity in green or
 * red, the distance and τ; accuracy and false accept/reject rates), and each scalar node's value at
 * the right of its title bar (encoding.distance). Face crops are thumbnails (inspect-thumbnails.ts).
 * They stay until the next run or evaluation starts.
 */
import { LiteGraph } from '@comfyorg/litegraph';
import type { CanvasView } from './canvas-view';
import { cssVar } from './dom';
import { RESULT_HEIGHT } from '../src/core/graph/node-geometry';
import type { LNode } from './litegraph-types';
import type { StyleGraph } from './style-graph';
import { drawPlaceholder } from './inspect-thumbnails';
import { resultLines, scalarText, type ResultLines } from './result-lines';
import { engineWatchers, type FinishedEvaluation } from './run-engine';

const MARGIN = 6;
const LINE = 18;

let shown: FinishedEvaluation | undefined;

/** What a result node shows now (its lines), or undefined before an evaluation reported it. */
export function resultShownOn(node: LNode): ResultLines | undefined {
  const result = shown?.results.find((r) => r.nodeId === String(node.id));
  return result && resultLines(result);
}

/** The value a node's title bar shows now, or undefined. */
export function valueShownOn(node: LNode): string | undefined {
  const value = shown?.scalars.get(String(node.id));
  return value === undefined ? undefined : scalarText(value);
}

export function installEvaluationMarks(view: CanvasView): void {
  engineWatchers.add((engine) => {
    shown = engine.running ? undefined : engine.lastEvaluation;
    view.canvas.setDirty(true, false);
  });

  const graph = view.lgGraph as StyleGraph;
  graph.drawResult = (node, context) => {
    const ctx = context as CanvasRenderingContext2D;
    const [width, height] = [node.size![0]!, node.size![1]!];
    const box = { x: MARGIN, y: height - RESULT_HEIGHT, w: width - 2 * MARGIN, h: RESULT_HEIGHT - MARGIN };
    const lines = resultShownOn(node);
    if (!lines) {
      drawPlaceholder(ctx, box, 'run to see the result');
      return;
    }
    ctx.save();
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    ctx.font = `bold 16px ${LiteGraph.NODE_FONT}`;
    ctx.fillStyle = lines.tone === 'good' ? cssVar('--vscode-testing-iconPassed', '#73c991') : lines.tone === 'bad' ? cssVar('--vscode-testing-iconFailed', '#f14c4c') : LiteGraph.NODE_TEXT_COLOR;
    ctx.fillText(lines.headline, box.x, box.y + LINE / 2, box.w);
    ctx.font = `13px ${LiteGraph.NODE_FONT}`;
    ctx.fillStyle = LiteGraph.NODE_TEXT_COLOR;
    lines.details.forEach((line, i) => ctx.fillText(line, box.x, box.y + LINE * (i + 1.5), box.w));
    ctx.restore();
  };

  graph.drawOver = (node, context) => {
    const text = valueShownOn(node);
    if (text === undefined) return;
    const ctx = context as CanvasRenderingContext2D;
    ctx.save();
    ctx.font = `bold 12px ${LiteGraph.NODE_FONT}`;
    ctx.fillStyle = cssVar('--vscode-charts-orange', '#d18616');
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    ctx.fillText(text, node.size![0]! - 8, -LiteGraph.NODE_TITLE_HEIGHT / 2);
    ctx.restore();
  };
}
