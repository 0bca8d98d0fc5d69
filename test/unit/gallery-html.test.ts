import { test } from 'node:test';
import assert from 'node:assert/strict';
import { galleryHtml } from '../../src/core/sweep/gallery-html';
import type { SweepFile, SweepRun } from '../../src/core/sweep/sweep-file';

const run = (a: number, b: string, c: boolean, k: number): SweepRun => ({
  params: { 'alpha.w': a, 'x.layer': b, 'y.layer': b, 'g.flag': c },
  image: `run-${k}.png`,
  loss: 1000 * k,
  losses: { alpha: k, 'j_total': 1000 * k },
  seconds: 0.5,
});

/** The <table>s of the page with the heading above each. */
function grids(html: string): { title: string; table: string }[] {
  return [...html.matchAll(/<h2>(.*?)<\/h2>\n<table>([\s\S]*?)<\/table>/g)].map((m) => ({ title: m[1]!, table: m[2]! }));
}

test('gallery: one grid per pair of axes for each value of the others, cells labelled with the values and losses', () => {
  const sweep: SweepFile = {
    graph: '../seed.stylegraph.json',
    vary: [{ keys: ['alpha.w'], values: [1, 10] }, { keys: ['x.layer', 'y.layer'], values: ['conv3_2', 'conv4_2'] }, { keys: ['g.flag'], values: [false, true] }],
    runs: [run(1, 'conv3_2', false, 1), run(1, 'conv3_2', true, 2), run(1, 'conv4_2', false, 3)],
  };
  const html = galleryHtml(sweep, 8, 'grid.png');
  const g = grids(html);
  assert.deepEqual(g.map((x) => x.title), [
    'alpha.w × x.layer, y.layer · g.flag = false',
    'alpha.w × x.layer, y.layer · g.flag = true',
    'alpha.w × g.flag · x.layer, y.layer = conv3_2',
    'alpha.w × g.flag · x.layer, y.layer = conv4_2',
    'x.layer, y.layer × g.flag · alpha.w = 1',
    'x.layer, y.layer × g.flag · alpha.w = 10',
  ]);
  // First grid: rows alpha.w 1, 10; columns conv3_2, conv4_2; at g.flag false runs 1 and 3 finished.
  const first = g[0]!.table;
  assert.match(first, /<th>conv3_2<\/th><th>conv4_2<\/th>/);
  const rows = first.split('\n').filter((l) => l.startsWith('<tr><th>1') || l.startsWith('<tr><th>10'));
  assert.equal(rows.length, 2);
  assert.match(rows[0]!, /^<tr><th>1<\/th><td><a href="run-1.png" target="_blank"><img src="run-1.png"[^>]*><\/a><div class="loss">J 1.000e\+3<\/div>.*<li>alpha 1.000e\+0<\/li>.*<td><a href="run-3.png"/);
  assert.match(rows[1]!, /^<tr><th>10<\/th><td class="missing">not run<\/td><td class="missing">not run<\/td><\/tr>$/);
  assert.match(html, /3 of 8 runs finished · <a href="sweep.json">sweep.json<\/a> · <a href="grid.png">contact sheet<\/a>/);
  // Self-contained: no script, nothing fetched from elsewhere.
  assert.doesNotMatch(html, /<script|<link|https?:|@import|url\(/i);
});

test('gallery: a single axis is one row; values and ids are escaped', () => {
  const sweep: SweepFile = {
    graph: 'g.stylegraph.json',
    vary: [{ keys: ['c.path'], values: ['<a>.png', 'b&c.png'] }],
    runs: [{ params: { 'c.path': '<a>.png' }, image: 'run-1.png', loss: 1, losses: {}, seconds: 1 }],
  };
  const html = galleryHtml(sweep, 2, undefined);
  const g = grids(html);
  assert.deepEqual(g.map((x) => x.title), ['c.path']);
  assert.match(g[0]!.table, /<th>&#60;a&#62;.png<\/th><th>b&#38;c.png<\/th>/);
  assert.doesNotMatch(html, /<a>|contact sheet/);
});
