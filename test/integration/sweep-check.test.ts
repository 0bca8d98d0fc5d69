import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { jsonLines, runCli } from '../helpers/cli';
import { useCliWorkspace } from '../helpers/cli-workspace';
import { checkSweep } from '../../src/cli/sweep-check';
import { parseCliArgs, type SweepArgs } from '../../src/cli/args';
import { GraphError } from '../../src/core/graph/problems';

const { ws, weights, seed, sweep } = useCliWorkspace();

test('an invalid combination is refused before any run and before the weights load: exit 1 naming the node', async () => {
  const out = join(ws, 'refused');
  const noWeights = (args: string[]) => args.map((a) => (a === weights ? join(ws, 'no-such-weights.h5') : a));
  const layer = await runCli(noWeights(sweep('--vary', 'alpha.w=1,10', '--vary', 'content_conv4_2.layer=conv4_2,conv5_2', '--out-dir', out)), { cwd: ws });
  assert.equal(layer.code, 1, layer.stderr);
  assert.match(layer.stderr, /1 problem:\n {2}- with alpha\.w=1, content_conv4_2\.layer=conv5_2 \(and 1 more\): node "j_content" \(loss\.content\): the content features are 1x2x512 but the generated features are 3x4x512/);
  const iterations = await runCli(noWeights(sweep('--vary', 'adam.iterations=0,2', '--out-dir', out, '--json')), { cwd: ws });
  assert.equal(iterations.code, 1);
  assert.deepEqual(jsonLines(iterations.stdout), [{ event: 'error', message: jsonLines(iterations.stdout)[0]!.message, nodeId: 'adam' }]);
  assert.match(iterations.stderr, /--vary adam\.iterations=0: node "adam" \(optimizer\): param iterations: 0 is outside 1\.\.100000/);
  const unknown = await runCli(noWeights(sweep('--vary', 'alpha.nope=1', '--out-dir', out)), { cwd: ws });
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /--vary alpha\.nope: node "alpha" \(weight\) has no param "nope" \(it has: w\)/);
  const path = await runCli(noWeights(sweep('--vary', 'content.path=samples/../../seed.png', '--out-dir', out)), { cwd: ws });
  assert.equal(path.code, 1);
  assert.match(path.stderr, /node "content": path "samples\/\.\.\/\.\.\/seed\.png" leads outside the graph file's folder/);
  const syntax = await runCli(noWeights(sweep('--vary', 'alpha.w=1,,2', '--out-dir', out)), { cwd: ws });
  assert.equal(syntax.code, 2);
  assert.match(syntax.stderr, /^stylegraph: --vary "alpha.w=1,,2": every value must be non-empty\n\nUsage:/);
  assert.ok(!existsSync(out), 'nothing written');
});

test('in process: the base graph has the overrides, each axis its typed values; a graph without an optimizer is refused', async () => {
  const args = parseCliArgs(['sweep', seed(), '--size', '24x32', '--iterations', '3', '--vary', 'alpha.w=1,2.5', '--vary', 'content_conv4_2.layer,generated_conv4_2.layer=conv3_2,conv4_2']) as SweepArgs;
  const checked = await checkSweep(args);
  assert.equal(checked.graphPath, seed());
  assert.deepEqual(checked.axes.map((a) => [a.keys, a.values]), [[['alpha.w'], [1, 2.5]], [['content_conv4_2.layer', 'generated_conv4_2.layer'], ['conv3_2', 'conv4_2']]]);
  const adam = (g: typeof checked.graph) => g.nodes.find((n) => n.id === 'adam')!.params.iterations;
  assert.deepEqual([adam(checked.graph), adam(checked.base)], [200, 3]);
  const verify = join(ws, 'examples', 'verify.stylegraph.json');
  await assert.rejects(checkSweep(parseCliArgs(['sweep', verify, '--vary', 'verdict.tau=0.5,0.6']) as SweepArgs), { message: `${verify} has no optimizer: it is evaluated once (compileEvaluation), not optimised` });
  await assert.rejects(checkSweep(parseCliArgs(['sweep', seed(), '--vary', 'alpha.w=x']) as SweepArgs), (error: Error) => {
    assert.ok(error instanceof GraphError);
    assert.deepEqual(error.problems.map((p) => p.nodeId), ['alpha']);
    return true;
  });
});
