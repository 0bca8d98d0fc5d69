import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { runProgress } from '../../src/cli/run-progress';
import type { CliOutput } from '../../src/cli/cli-output';
import { compile } from '../../src/core/compile/plan';
import { loadGraph } from '../../src/core/graph/load';
import type { ProgressEvent } from '../../src/core/run/executor';
import { SEED_GRAPH } from '../helpers/paths';

const plan = compile(loadGraph(readFileSync(SEED_GRAPH, 'utf8')).graph!);
const event: ProgressEvent = { iteration: 3, iterations: 10, scale: 1, scales: 1, size: [24, 32], loss: 12.5, losses: { alpha: 1, beta: 2, j_content: 3 }, ms: 1234.6 };

function output(): CliOutput & { lines: string[]; text: () => string } {
  let text = '';
  const lines: string[] = [];
  const stderr = { isTTY: false, write: (chunk: string) => ((text += chunk), true) } as unknown as NodeJS.WriteStream;
  return { lines, text: () => text, line: (l) => void lines.push(l), log: (l) => void lines.push(`log: ${l}`), stderr };
}

test('--json: a start event, then a progress line per iteration (ms rounded); nothing on stderr', () => {
  const out = output();
  const progress = runProgress(plan, 'onnx', true, out);
  progress.onStart({ nativeLoop: false, tfjsNodes: ['x'] });
  progress.onProgress(event);
  progress.stop();
  assert.deepEqual(out.lines.map((l) => JSON.parse(l) as unknown), [
    { event: 'start', nativeLoop: false, tfjsNodes: ['x'] },
    { event: 'progress', iteration: 3, scale: 1, scales: 1, size: [24, 32], loss: 12.5, losses: { alpha: 1, beta: 2, j_content: 3 }, ms: 1235 },
  ]);
  assert.equal(out.text(), '');
});

test('in a sweep the events carry run and runs', () => {
  const out = output();
  const progress = runProgress(plan, 'onnx', true, out, { run: 2, runs: 4 });
  progress.onStart({ nativeLoop: true, tfjsNodes: [] });
  progress.onProgress(event);
  assert.deepEqual(out.lines.map((l) => { const { event: name, run, runs } = JSON.parse(l) as { event: string; run: number; runs: number }; return [name, run, runs]; }), [['start', 2, 4], ['progress', 2, 4]]);
});

test('without --json: the view on stderr shows J and the terms that feed the loss directly, after a line on where the iterations compute', () => {
  // The seed's loss, j_total, sums alpha and beta (its direct terms); j_content feeds alpha, not j_total.
  const direct = plan.graph.edges.filter((e) => e.to.startsWith(`${plan.loss.id}.`)).map((e) => e.from.split('.')[0]);
  assert.deepEqual(direct, ['alpha', 'beta']);
  const out = output();
  const progress = runProgress(plan, 'onnx', false, out);
  progress.onStart({ nativeLoop: false, tfjsNodes: ['sliced'] });
  progress.onProgress({ ...event, iteration: 10 });
  assert.deepEqual(out.lines, ['log: iterations: VGG-19 on onnxruntime, the other nodes on tfjs wasm; no native form: sliced']);
  assert.equal(out.text(), 'iteration 10/10 | J 1.250e+1 | alpha 1.000e+0 | beta 2.000e+0 | 0.12 s/it\n');
});
