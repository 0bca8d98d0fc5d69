import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { outputError, runFiles } from '../../src/cli/run-files';
import { loadGraph } from '../../src/core/graph/load';
import type { Graph } from '../../src/core/graph/types';
import { GraphError } from '../../src/core/graph/problems';
import { NodeRunError } from '../../src/core/nodes/types';
import { greyPng } from '../helpers/image-bytes';
import { SEED_GRAPH } from '../helpers/paths';
import { tempFolder } from '../helpers/temp-folder';

const seed = loadGraph(readFileSync(SEED_GRAPH, 'utf8')).graph!;

/** The seed graph reading `content` and `style`, writing `result`, saved in a new folder with c.png and s.png. */
function graphFolder(paths: { content?: string; style?: string; result?: string } = {}): { dir: string; graphPath: string; graph: Graph } {
  const dir = tempFolder('stylegraph-run-files-');
  writeFileSync(join(dir, 'c.png'), greyPng(8, 6, 10));
  writeFileSync(join(dir, 's.png'), greyPng(8, 6, 200));
  const values: Record<string, string> = { content: paths.content ?? 'c.png', style: paths.style ?? 's.png', result: paths.result ?? 'out/result.png' };
  const graph = { ...seed, nodes: seed.nodes.map((n) => (n.id in values ? { ...n, params: { ...n.params, path: values[n.id] } } : n)) };
  const graphPath = join(dir, 'my.stylegraph.json');
  writeFileSync(graphPath, JSON.stringify(graph));
  return { dir, graphPath, graph };
}

test('the files of a run: inputs and outputs as absolute paths; the target is --out, else the graph\'s name in the working folder', async () => {
  const { dir, graphPath, graph } = graphFolder();
  const files = await runFiles(graph, graphPath, join(dir, 'final.png'));
  assert.deepEqual([...files.inputs], [['c.png', join(dir, 'c.png')], ['s.png', join(dir, 's.png')]]);
  assert.deepEqual([...files.outputs], [['result', join(dir, 'out', 'result.png')]]);
  assert.equal(files.target, join(dir, 'final.png'));
  assert.deepEqual([files.videos.size, files.notes], [0, []]);
  process.chdir(tempFolder('stylegraph-cwd-'));
  assert.equal((await runFiles(graph, graphPath, undefined)).target, resolve('my.png'));
  assert.deepEqual(readdirSync(dir).sort(), ['c.png', 'my.stylegraph.json', 's.png'], 'nothing written, not even the output folder');
});

test('--out over the graph file or an input is refused, naming --out', async () => {
  const { dir, graphPath, graph } = graphFolder();
  await assert.rejects(runFiles(graph, graphPath, graphPath), { message: `--out ${graphPath}: ${graphPath} is the graph file; write the image elsewhere` });
  const input = join(dir, 'c.png');
  await assert.rejects(runFiles(graph, graphPath, input), { message: `--out ${input}: ${input} is the image "c.png" that the graph reads; write the image elsewhere` });
  assert.deepEqual(readFileSync(input), greyPng(8, 6, 10), 'the input as it was');
});

test('an image.output over an input, or through a link out of the folder: the node\'s error', async () => {
  const { graphPath, graph } = graphFolder({ result: 'c.png' });
  await assert.rejects(runFiles(graph, graphPath, undefined), (error: Error) => {
    assert.ok(error instanceof NodeRunError);
    assert.equal(error.nodeId, 'result');
    assert.match(error.message, /^node "result": path: .*\/c\.png is the image "c\.png" that the graph reads; write the image elsewhere$/);
    return true;
  });
  const linked = graphFolder({ result: 'away/out.png' });
  symlinkSync(tempFolder('stylegraph-outside-'), join(linked.dir, 'away'));
  await assert.rejects(runFiles(linked.graph, linked.graphPath, undefined), { message: 'node "result": path "away/out.png" leads outside the graph file\'s folder (' + linked.dir + ') through a symbolic link' });
});

test('one input problem is thrown as itself; several as one GraphError listing each', async () => {
  const one = graphFolder({ content: 'none.png' });
  await assert.rejects(runFiles(one.graph, one.graphPath, undefined), (error: Error) => error instanceof NodeRunError && error.nodeId === 'content');
  const two = graphFolder({ content: 'none.png', style: 'nor.png' });
  await assert.rejects(runFiles(two.graph, two.graphPath, undefined), (error: Error) => {
    assert.ok(error instanceof GraphError);
    assert.deepEqual(error.problems.map((p) => [p.code, p.nodeId]), [['input-file', 'content'], ['input-file', 'style']]);
    assert.match(error.message, /^my\.stylegraph\.json: 2 problems:\n/);
    return true;
  });
});

test('an output that cannot be written is refused before the run: a folder in its place', async () => {
  const { dir, graphPath, graph } = graphFolder();
  mkdirSync(join(dir, 'out', 'result.png'), { recursive: true });
  await assert.rejects(runFiles(graph, graphPath, join(dir, 'final.png')), { message: `node "result": path: cannot write ${join(dir, 'out', 'result.png')}: it is a folder` });
});

test('outputError names --out, the default output or the node', () => {
  assert.equal(outputError('x.png', undefined, 'full').message, '--out x.png: full');
  assert.equal(outputError(undefined, undefined, 'full').message, 'the output: full');
  const error = outputError('x.png', 'result', 'full');
  assert.ok(error instanceof NodeRunError);
  assert.equal(error.message, 'node "result": path: full');
});
