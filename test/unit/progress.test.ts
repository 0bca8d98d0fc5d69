import { test } from 'node:test';
import assert from 'node:assert/strict';
import { progressView } from '../../src/cli/progress';
import type { ProgressEvent } from '../../src/core/run/executor';

/** A stream that keeps what is written; a terminal when `tty`. */
function stream(tty: boolean): NodeJS.WriteStream & { text: string } {
  const s = {
    text: '', isTTY: tty, columns: 200,
    write(chunk: string) { s.text += chunk; return true; },
    cursorTo: () => true, clearLine: () => true, moveCursor: () => true,
    on: () => s, removeListener: () => s,
  };
  return s as unknown as NodeJS.WriteStream & { text: string };
}

function event(iteration: number, iterations: number, scales = 1): ProgressEvent {
  const scale = Math.ceil(iteration / (iterations / scales));
  return { iteration, iterations, scale, scales, size: [12 * scale, 16 * scale], loss: 1000 / iteration, losses: { a: 2 * iteration, b: 0.5 }, ms: 250 * iteration };
}

test('in a log: a line every tenth of the run, at the last iteration and at the start of each scale', () => {
  const out = stream(false);
  const view = progressView(out, ['a', 'b', 'gone']);
  for (let i = 1; i <= 20; i++) view.update(event(i, 20, 2));
  view.stop();
  const lines = out.text.trimEnd().split('\n');
  assert.deepEqual(lines.map((l) => Number(/^iteration (\d+)\/20 /.exec(l)![1])), [1, 2, 4, 6, 8, 10, 11, 12, 14, 16, 18, 20]);
  assert.equal(lines[0], 'iteration 1/20 | scale 1/2 12x16 | J 1.000e+3 | a 2.000e+0 | b 5.000e-1 | gone NaN | 0.25 s/it');
  assert.equal(lines[6], 'iteration 11/20 | scale 2/2 24x32 | J 9.091e+1 | a 2.200e+1 | b 5.000e-1 | gone NaN | 0.25 s/it');
});

test('one scale: no scale in the line; a run shorter than ten iterations prints each', () => {
  const out = stream(false);
  const view = progressView(out, []);
  for (let i = 1; i <= 3; i++) view.update(event(i, 3));
  assert.equal(out.text, 'iteration 1/3 | J 1.000e+3 | 0.25 s/it\niteration 2/3 | J 5.000e+2 | 0.25 s/it\niteration 3/3 | J 3.333e+2 | 0.25 s/it\n');
});

test('on a terminal: a bar with the count, the losses and the rate', () => {
  const out = stream(true);
  const view = progressView(out, ['a']);
  view.update(event(1, 4));
  view.update(event(2, 4));
  view.stop();
  assert.match(out.text, / 2\/4 \| J 5\.000e\+2 \| a 4\.000e\+0 \| 0\.25 s\/it/);
  assert.ok(!out.text.includes('iteration '), 'no log lines');
});
