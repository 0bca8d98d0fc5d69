import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { RESULT_HEIGHT } from '../../src/core/graph/node-geometry';
import type { EvaluationResult } from '../../src/core/run/evaluate-once';
import { webviewModule, webviewModuleWithLitegraph } from '../helpers/webview-module';

interface NodeLike {
  id: string;
  size?: [number, number];
}
interface MarkedGraph {
  drawResult?: (node: NodeLike, ctx: unknown) => void;
  drawOver?: (node: NodeLike, ctx: unknown) => void;
}
interface EngineLike {
  running: boolean;
  lastEvaluation?: { results: EvaluationResult[]; images: Map<string, unknown>; scalars: Map<string, number>; seconds: number };
}
interface EvaluationMarks {
  installEvaluationMarks(view: { canvas: { setDirty(fg: boolean, bg: boolean): void }; lgGraph: MarkedGraph }): void;
  resultShownOn(node: NodeLike): { headline: string; tone: string; details: string[] } | undefined;
  valueShownOn(node: NodeLike): string | undefined;
}
// The same run-engine module evaluation-marks imports: its watchers are how an evaluation's end is told.
const { engineWatchers } = webviewModule<{ engineWatchers: Set<(engine: EngineLike) => void> }>('run-engine');
let marks: EvaluationMarks;
const valueShownOn = (node: NodeLike) => marks.valueShownOn(node);
const resultShownOn = (node: NodeLike) => marks.resultShownOn(node);

const graph: MarkedGraph = {};
let dirty = 0;
const globals = globalThis as { document?: unknown; getComputedStyle?: unknown };
before(async () => {
  marks = await webviewModuleWithLitegraph<EvaluationMarks>('evaluation-marks');
  // cssVar reads the theme: outside VS Code, the fallback colours.
  globals.document = { body: {} };
  globals.getComputedStyle = () => ({ getPropertyValue: () => '' });
  marks.installEvaluationMarks({ canvas: { setDirty: () => dirty++ }, lgGraph: graph });
});
after(() => {
  delete globals.document;
  delete globals.getComputedStyle;
});

const evaluation = {
  results: [{ nodeId: 'verify', type: 'face.verify', text: 'same person', value: { same: true, distance: 0.41234, tau: 0.6 } }],
  images: new Map(),
  scalars: new Map([['distance', 0.41234], ['far', 123456]]),
  seconds: 1,
};
const tell = (engine: EngineLike) => engineWatchers.forEach((w) => w(engine));

/** A 2D context recording the text drawn, where, and in which colour. */
function context(): { ctx: Record<string, unknown>; drawn: string[] } {
  const drawn: string[] = [];
  const ctx: Record<string, unknown> = { fillStyle: '' };
  for (const name of ['save', 'restore', 'setLineDash', 'strokeRect']) ctx[name] = () => undefined;
  ctx.fillText = (text: string, x: number, y: number) => drawn.push(`${text} at ${x},${y} in ${String(ctx.fillStyle)}`);
  return { ctx, drawn };
}

describe('evaluation marks', () => {
  it('show an evaluation\'s scalar values on their nodes once it has ended, with 4 significant digits', () => {
    const before = dirty;
    tell({ running: false, lastEvaluation: evaluation });
    assert.equal(dirty, before + 1, 'the canvas is redrawn');
    assert.equal(valueShownOn({ id: 'distance' }), '0.4123');
    assert.equal(valueShownOn({ id: 'far' }), '1.235e+5');
    assert.equal(valueShownOn({ id: 'alpha' }), undefined);
    assert.deepEqual(resultShownOn({ id: 'verify' }), { headline: 'same person', tone: 'good', details: ['distance 0.412 ≤ τ 0.6'] });
  });

  it('draw a result node\'s verdict in green with its details under it, in the room below its widgets', () => {
    tell({ running: false, lastEvaluation: evaluation });
    const { ctx, drawn } = context();
    graph.drawResult!({ id: 'verify', size: [200, 300] }, ctx);
    const top = 300 - RESULT_HEIGHT;
    assert.deepEqual(drawn.map((d) => d.replace(/ in (#\w+).*/, ' in $1')), [`same person at 6,${top + 9} in #73c991`, `distance 0.412 ≤ τ 0.6 at 6,${top + 27} in ${String(ctx.fillStyle)}`]);
  });

  it('draw a value at the right of the title bar, and nothing on a node without one', () => {
    tell({ running: false, lastEvaluation: evaluation });
    const { ctx, drawn } = context();
    graph.drawOver!({ id: 'distance', size: [200, 80] }, ctx);
    graph.drawOver!({ id: 'alpha', size: [200, 80] }, ctx);
    assert.equal(drawn.length, 1);
    assert.match(drawn[0]!, /^0\.4123 at 192,/);
  });

  it('are cleared when the next run starts: a result node shows its placeholder', () => {
    tell({ running: false, lastEvaluation: evaluation });
    tell({ running: true });
    assert.equal(valueShownOn({ id: 'distance' }), undefined);
    assert.equal(resultShownOn({ id: 'verify' }), undefined);
    const { ctx, drawn } = context();
    graph.drawResult!({ id: 'verify', size: [200, 300] }, ctx);
    assert.deepEqual(drawn.map((d) => d.split(' at ')[0]), ['run to see the result']);
  });
});
