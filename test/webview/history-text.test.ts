import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dimmed, paramText, runDate, runLoss } from '../../webview/ui-state';

test('runDate: local date and time, seconds included', () => {
  const d = new Date(2026, 10, 30, 9, 5, 7);
  assert.equal(runDate(d.toISOString()), '2026-11-30 09:05:07');
});

test('runLoss and paramText: what the history and the comparison show', () => {
  assert.equal(runLoss(123456), 'J 1.235e+5');
  assert.equal(runLoss(null), 'no loss');
  assert.equal(paramText(undefined), '—');
  assert.equal(paramText('conv4_2'), 'conv4_2');
  assert.equal(paramText(0.1), '0.1');
  assert.equal(paramText(false), 'false');
});

test('dimmed: theme colours at an opacity, for the previous run\'s curves', () => {
  assert.equal(dimmed('#3794ff', 0.4), 'rgba(55, 148, 255, 0.4)');
  assert.equal(dimmed('#abc', 0.5), 'rgba(170, 187, 204, 0.5)');
  assert.equal(dimmed('rgb(1, 2, 3)', 0.4), 'rgba(1, 2, 3, 0.4)');
  assert.equal(dimmed('rgba(1,2,3,0.9)', 0.4), 'rgba(1, 2, 3, 0.4)');
  assert.equal(dimmed('red', 0.4), 'red');
});
