import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomVggWeights, writeTfjsFiles } from '../helpers/weight-files';
import { runCli, workspaceCopy } from '../helpers/cli';
import { loadGraph } from '../../src/core/graph/load';
import { writeCanonical } from '../../src/core/graph/canonical';
import { setBypass } from '../../src/core/graph/bypass';

let ws: string;
let weights: string;
const seed = () => join(ws, 'examples', 'seed.stylegraph.json');
const seedGraph = () => loadGraph(readFileSync(seed(), 'utf8')).graph!;

before(async () => {
  ws = workspaceCopy();
  weights = await writeTfjsFiles(randomVggWeights(3), join(ws, 'weights'));
});
after(() => rmSync(ws, { recursive: true, force: true }));

test('validate: a term that reaches no optimizer is a problem that blocks (exit 1), named as the editor names it', async () => {
  const g = seedGraph();
  const cut = join(ws, 'examples', 'cut.stylegraph.json');
  writeFileSync(cut, writeCanonical({ ...g, nodes: g.nodes.filter((n) => n.id !== 'w_style_conv1_1'), edges: g.edges.filter((e) => !e.from.startsWith('w_style_conv1_1.') && !e.to.startsWith('w_style_conv1_1.')) }));
  const r = await runCli(['validate', cut], { cwd: ws });
  assert.equal(r.code, 1);
  assert.match(r.stdout, /cut.stylegraph.json: 1 problem\n {2}- node "j_style_conv1_1" \(loss.style\): reaches no optimizer: its term is not in J/);
});

test('a bypassed term: validate is ok, and run leaves it out of J and of --json\'s losses', async () => {
  const path = join(ws, 'examples', 'bypassed.stylegraph.json');
  writeFileSync(path, writeCanonical(setBypass(seedGraph(), ['j_content'], false)!));
  assert.equal((await runCli(['validate', path], { cwd: ws })).code, 0);
  const r = await runCli(['run', path, '--weights', weights, '--size', '24x32', '--iterations', '2', '--backend', 'cpu', '--no-history', '--json'], { cwd: ws });
  assert.equal(r.code, 0, r.stderr);
  const progress = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { event: string; loss: number; losses: Record<string, number> }).filter((l) => l.event === 'progress');
  const losses = progress[0]!.losses;
  assert.ok(!('j_content' in losses) && !('alpha' in losses), Object.keys(losses).join(','));
  assert.ok(Math.abs(losses.j_total! - losses.beta!) <= 1e-6 * losses.beta!, 'J is the style term alone');
});

test('run: a coarse-to-fine graph at or below its minSize says on stderr that it runs one scale', async () => {
  const r = await runCli(['run', join(ws, 'examples', 'multiscale.stylegraph.json'), '--weights', weights, '--size', '24x32', '--iterations', '1', '--backend', 'cpu', '--no-history', '--out', join(ws, 'ms.png')], { cwd: ws });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /note: one scale: 24x32 is at or below the optimizer's minSize 128, so this run is not coarse to fine/);
});
