import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sweepRunFiles } from '../../src/cli/sweep-files';
import { checkSweep } from '../../src/cli/sweep-check';
import { parseCliArgs, type SweepArgs } from '../../src/cli/args';
import { combinationAt } from '../../src/core/sweep/combinations';
import { greyPng } from '../helpers/image-bytes';
import { SEED_GRAPH } from '../helpers/paths';
import { tempFolder } from '../helpers/temp-folder';

/** The seed graph reading a.png and s.png in a new folder (with b.png too), checked for `vary`. */
async function sweepOf(...vary: string[]) {
  const dir = tempFolder('stylegraph-sweep-files-');
  for (const [name, level] of [['a.png', 1], ['b.png', 2], ['s.png', 3]] as const) writeFileSync(join(dir, name), greyPng(8, 6, level));
  const graph = readFileSync(SEED_GRAPH, 'utf8').replace('samples/chelsea.png', 'a.png').replace('samples/hubble_deep_field.jpg', 's.png');
  writeFileSync(join(dir, 'g.stylegraph.json'), graph);
  const args = parseCliArgs(['sweep', join(dir, 'g.stylegraph.json'), '--size', '24x32', ...vary.flatMap((v) => ['--vary', v])]) as SweepArgs;
  return { dir, ...(await checkSweep(args)) };
}

test('no path varies: the files once, every run\'s image in the folder as its output', async () => {
  const { dir, graphPath, base, axes } = await sweepOf('alpha.w=1,2,3');
  const out = join(dir, 'g.sweep');
  const { filesOf, notes } = await sweepRunFiles(base, axes, graphPath, out);
  assert.deepEqual(notes, []);
  const first = filesOf(combinationAt(axes, 0));
  assert.equal(filesOf(combinationAt(axes, 2)), first);
  assert.equal(first.target, join(out, 'run-1.png'));
  assert.deepEqual([...first.inputs.keys()], ['a.png', 's.png']);
});

test('a path that varies: each value\'s files; a bad value names its combination', async () => {
  const { dir, graphPath, base, axes } = await sweepOf('content.path=a.png,b.png', 'alpha.w=1,2');
  const { filesOf } = await sweepRunFiles(base, axes, graphPath, join(dir, 'out'));
  assert.deepEqual([0, 1, 2, 3].map((i) => [...filesOf(combinationAt(axes, i)).inputs.values()][0]), [join(dir, 'a.png'), join(dir, 'a.png'), join(dir, 'b.png'), join(dir, 'b.png')]);
  const bad = await sweepOf('content.path=a.png,nope.png');
  await assert.rejects(sweepRunFiles(bad.base, bad.axes, bad.graphPath, join(bad.dir, 'out')), (error: Error) => {
    assert.match(error.message, /with content\.path=nope\.png: node "content" \(image\.load\): path "nope\.png" is not there/);
    return true;
  });
});

test('a graph that reads a file the sweep writes is refused', async () => {
  const { dir, graphPath, base, axes } = await sweepOf('content.path=a.png,out/run-2.png');
  mkdirSync(join(dir, 'out'));
  writeFileSync(join(dir, 'out', 'run-2.png'), greyPng(8, 6, 9));
  await assert.rejects(sweepRunFiles(base, axes, graphPath, join(dir, 'out')), {
    message: `with content.path=out/run-2.png: the sweep writes ${join(dir, 'out', 'run-2.png')}, which is the image "out/run-2.png" that the graph reads; choose another --out-dir`,
  });
});
