import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isRecordId, lossSeries, parseLossLog, parseRunInfo, recordId, sortRecordIds, writeLossLog, writeRunInfo, type LossLog, type RunInfo } from '../../src/core/history/run-record';

const info: RunInfo = {
  format: 'stylegraph-run',
  version: 1,
  graph: 'seed.stylegraph.json',
  started: '2026-11-30T10:00:00.000Z',
  status: 'done',
  backend: 'wasm',
  size: [24, 32],
  seed: 0,
  iterations: 2,
  seconds: 1.5,
  loss: 12,
  losses: { j_total: 12, alpha: 3 },
};
const log: LossLog = { loss: 'j_total', nodes: ['alpha', 'j_total'], rows: [[1, 10, 4, 20], [2, 21, 3, 12]] };

test('recordId: the start time with - for : and .; a counter from 2 while the id is taken', () => {
  const date = new Date('2026-11-30T10:00:05.123Z');
  assert.equal(recordId(date, () => false), '2026-11-30T10-00-05-123Z');
  const taken = new Set(['2026-11-30T10-00-05-123Z', '2026-11-30T10-00-05-123Z-2']);
  assert.equal(recordId(date, (id) => taken.has(id)), '2026-11-30T10-00-05-123Z-3');
});

test('isRecordId: ids recordId makes, nothing else (no folder names that climb or hide)', () => {
  assert.deepEqual(['2026-11-30T10-00-05-123Z', '2026-11-30T10-00-05-123Z-12'].map(isRecordId), [true, true]);
  assert.deepEqual(['..', '2026-11-30T10:00:05.123Z', '2026-11-30T10-00-05-123Z-', '2026-11-30T10-00-05-123Z/..', 'x2026-11-30T10-00-05-123Z'].map(isRecordId), [false, false, false, false, false]);
});

test('sortRecordIds: by time, then by counter as a number (10 after 9), oldest first', () => {
  const a = '2026-11-30T10-00-05-123Z';
  const b = '2026-12-01T09-00-00-000Z';
  assert.deepEqual(sortRecordIds([b, `${a}-10`, `${a}-9`, a, `${a}-2`]), [a, `${a}-2`, `${a}-9`, `${a}-10`, b]);
});

test('run.json and losses.json: written and read back the same; one loss row per line', () => {
  assert.deepEqual(parseRunInfo(writeRunInfo(info)), info);
  const sweep = { ...info, loss: null, sweep: { folder: '/tmp/sweep', run: 3, params: { 'alpha.w': 10 } } };
  assert.deepEqual(parseRunInfo(writeRunInfo(sweep)), sweep);
  const text = writeLossLog(log);
  assert.equal(text, '{\n  "loss": "j_total",\n  "nodes": ["alpha","j_total"],\n  "rows": [\n    [1,10,4,20],\n    [2,21,3,12]\n  ]\n}\n');
  assert.deepEqual(parseLossLog(text), log);
  const empty = { ...log, rows: [] };
  assert.equal(writeLossLog(empty), '{\n  "loss": "j_total",\n  "nodes": ["alpha","j_total"],\n  "rows": []\n}\n');
  assert.deepEqual(parseLossLog(writeLossLog(empty)), empty);
});

test('parseRunInfo: the first wrong field is named', () => {
  const bad = (change: Record<string, unknown>) => () => parseRunInfo(JSON.stringify({ ...info, ...change }));
  assert.throws(() => parseRunInfo('[]'), { message: 'run.json must be an object' });
  assert.throws(() => parseRunInfo('{'), SyntaxError);
  assert.throws(bad({ format: 'stylegraph' }), { message: 'run.json: format must be "stylegraph-run"' });
  assert.throws(bad({ version: 2 }), { message: 'run.json: version 2 is not one this version reads (1)' });
  assert.throws(bad({ version: '1' }), { message: 'run.json: version 1 is not one this version reads (1)' });
  assert.throws(bad({ backend: 3 }), { message: 'run.json: backend must be a string' });
  assert.throws(bad({ status: 'running' }), { message: 'run.json: status must be "done" or "cancelled"' });
  assert.throws(bad({ seconds: '1' }), { message: 'run.json: seconds must be a number' });
  assert.throws(bad({ size: [1, '2'] }), { message: 'run.json: size must be [height, width]' });
  assert.throws(bad({ loss: 'x' }), { message: 'run.json: loss must be a number or null' });
  assert.throws(bad({ losses: [] }), { message: 'run.json: losses must be an object' });
  assert.throws(bad({ losses: { a: '1' } }), { message: 'run.json: losses must map node ids to numbers' });
  assert.throws(bad({ sweep: 3 }), { message: 'run.json: sweep must be an object' });
});

test('parseLossLog: names and rows must have the shape writeLossLog writes', () => {
  const bad = (change: Record<string, unknown>) => () => parseLossLog(JSON.stringify({ ...log, ...change }));
  assert.throws(() => parseLossLog('3'), { message: 'losses.json must be an object' });
  assert.throws(bad({ loss: 1 }), { message: 'losses.json: loss and nodes must name node ids' });
  assert.throws(bad({ nodes: ['a', 2] }), { message: 'losses.json: loss and nodes must name node ids' });
  assert.throws(bad({ rows: [[1, 10, 4]] }), { message: 'losses.json: rows must be [iteration, ms, 2 losses]' });
  assert.throws(bad({ rows: [[1, 10, 4, '5']] }), { message: 'losses.json: rows must be [iteration, ms, 2 losses]' });
});

test('lossSeries: one node\'s column against the iteration; an unknown node has none', () => {
  assert.deepEqual(lossSeries(log, 'j_total'), [[1, 20], [2, 12]]);
  assert.deepEqual(lossSeries(log, 'alpha'), [[1, 4], [2, 3]]);
  assert.deepEqual(lossSeries(log, 'beta'), []);
});
