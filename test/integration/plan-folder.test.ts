import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkPlanInputs, finishedRun, readPlan } from '../../src/cli/plan-folder';
import { parseCliArgs, PlanError, type SweepArgs } from '../../src/cli/args';
import { sweepEmitCommand } from '../../src/cli/sweep-emit';
import { greyPng } from '../helpers/image-bytes';
import { SEED_GRAPH } from '../helpers/paths';
import { tempFolder } from '../helpers/temp-folder';

/** A plan of 2 runs of the seed graph (reading c.png and s.png), emitted into a new folder. */
async function emitted(): Promise<string> {
  const dir = tempFolder('stylegraph-plan-folder-');
  writeFileSync(join(dir, 'c.png'), greyPng(8, 6, 10));
  writeFileSync(join(dir, 's.png'), greyPng(8, 6, 200));
  const graph = readFileSync(SEED_GRAPH, 'utf8').replace('samples/chelsea.png', 'c.png').replace('samples/hubble_deep_field.jpg', 's.png');
  writeFileSync(join(dir, 'g.stylegraph.json'), graph);
  const args = parseCliArgs(['sweep', join(dir, 'g.stylegraph.json'), '--size', '24x32', '--vary', 'alpha.w=1,2', '--emit', join(dir, 'plan')]) as SweepArgs & { emit: string };
  await sweepEmitCommand(args, { line: () => undefined, log: () => undefined, stderr: process.stderr });
  return join(dir, 'plan');
}

const planError = (pattern: RegExp) => (error: Error) => {
  assert.ok(error instanceof PlanError, error.message);
  assert.match(error.message, pattern);
  return true;
};

test('a plan is read from its folder or its plan.json', async () => {
  const dir = await emitted();
  const fromFolder = await readPlan(dir);
  const fromFile = await readPlan(join(dir, 'plan.json'));
  assert.deepEqual(fromFolder, fromFile);
  assert.deepEqual([fromFolder.dir, fromFolder.path], [dir, join(dir, 'plan.json')]);
  assert.deepEqual(fromFolder.plan.runs.map((r) => r.params), [{ 'alpha.w': 1 }, { 'alpha.w': 2 }]);
  await checkPlanInputs(fromFolder);
});

test('no plan, or one that does not parse: a PlanError naming the file', async () => {
  const dir = await emitted();
  const empty = tempFolder('stylegraph-plan-folder-');
  await assert.rejects(readPlan(empty), planError(new RegExp(`^cannot read the plan ${join(empty, 'plan.json')}: no such file \\(sweep GRAPH --vary \\.\\.\\. --emit DIR writes DIR/plan\\.json\\)$`)));
  await assert.rejects(readPlan(join(empty, 'nope.json')), planError(/nope\.json: no such file/));
  writeFileSync(join(dir, 'plan.json'), '{"format": "stylegraph-plan"');
  await assert.rejects(readPlan(dir), planError(new RegExp(`^${join(dir, 'plan.json')}: `)));
});

test('inputs changed after the emit: the graph or an input, named with what its name says', async () => {
  const dir = await emitted();
  const folder = await readPlan(dir);
  const graph = join(dir, folder.plan.graph);
  const text = readFileSync(graph, 'utf8');
  writeFileSync(graph, `${text} `);
  await assert.rejects(checkPlanInputs(folder), planError(new RegExp(`^the plan's graph ${graph} has sha256 [0-9a-f]{64}, not the one its name says: it changed after the plan was emitted$`)));
  rmSync(graph);
  await assert.rejects(checkPlanInputs(folder), planError(new RegExp(`^the plan's graph ${graph} is missing$`)));
  writeFileSync(graph, text);
  const input = folder.plan.inputs['c.png']!;
  writeFileSync(join(dir, 'inputs', input), greyPng(8, 6, 11));
  await assert.rejects(checkPlanInputs(folder), planError(new RegExp(`^${join(dir, 'inputs', input)} \\(the graph's "c\\.png"\\) `)));
});

test('a run is finished only when its run.json reads as its own', async () => {
  const dir = await emitted();
  const folder = await readPlan(dir);
  assert.deepEqual(readdirSync(join(dir, 'runs')), []);
  assert.equal(await finishedRun(folder, 0), undefined);
  mkdirSync(join(dir, 'runs', '0'));
  writeFileSync(join(dir, 'runs', '0', 'run.json'), '{"format": "stylegraph-run"');
  assert.equal(await finishedRun(folder, 0), undefined);
});
