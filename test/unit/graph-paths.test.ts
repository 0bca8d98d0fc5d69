import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadGraph } from '../../src/core/graph/load';
import { pathProblems } from '../../src/core/graph/graph-paths';
import type { Graph } from '../../src/core/graph/types';
import { SEED_GRAPH } from '../helpers/paths';

const seedText = readFileSync(SEED_GRAPH, 'utf8');
const seed = loadGraph(seedText).graph!;

/** The seed with one node's path changed. */
function withPath(nodeId: string, path: string): Graph {
  return { ...seed, nodes: seed.nodes.map((n) => (n.id === nodeId ? { ...n, params: { ...n.params, path } } : n)) };
}

/** The messages of the path problems of the seed with one path changed. */
function problemsOf(nodeId: string, path: string, fileName?: string): string[] {
  const problems = pathProblems(withPath(nodeId, path), fileName);
  for (const p of problems) assert.deepEqual([p.code, p.nodeId, p.param], ['file-path', nodeId, 'path']);
  return problems.map((p) => p.message);
}

test('the seed\'s paths are fine', () => {
  assert.deepEqual(pathProblems(seed, 'seed.stylegraph.json'), []);
  assert.deepEqual(problemsOf('result', 'out/../renders/./a.PNG'), []);
  assert.deepEqual(problemsOf('content', 'samples\\chelsea.png'), []);
  assert.deepEqual(problemsOf('result', ''), [], 'an empty output path means: do not save');
});

test('absolute paths, drive letters, escapes (posix and backslash), URLs and NUL are refused, naming the node and the path', () => {
  assert.deepEqual(problemsOf('result', '/etc/evil.png'), ['node "result": path "/etc/evil.png" is absolute; paths are relative to the graph file\'s folder']);
  assert.deepEqual(problemsOf('result', '\\\\server\\share\\x.png'), ['node "result": path "\\\\\\\\server\\\\share\\\\x.png" is absolute; paths are relative to the graph file\'s folder']);
  assert.deepEqual(problemsOf('result', 'C:\\Windows\\x.png'), ['node "result": path "C:\\\\Windows\\\\x.png" is absolute; paths are relative to the graph file\'s folder']);
  assert.deepEqual(problemsOf('result', '../x.png'), ['node "result": path "../x.png" leads outside the graph file\'s folder']);
  assert.deepEqual(problemsOf('result', 'a/../../x.png'), ['node "result": path "a/../../x.png" leads outside the graph file\'s folder']);
  assert.deepEqual(problemsOf('content', 'samples\\..\\..\\secret.png'), ['node "content": path "samples\\\\..\\\\..\\\\secret.png" leads outside the graph file\'s folder']);
  assert.deepEqual(problemsOf('content', 'https://example.com/cat.png'), ['node "content": path "https://example.com/cat.png" is a URL, not a file path']);
  assert.deepEqual(problemsOf('content', 'file:///etc/passwd'), ['node "content": path "file:///etc/passwd" is a URL, not a file path']);
  assert.deepEqual(problemsOf('content', 'cat\0.png'), ['node "content": path "cat\\u0000.png" holds a NUL character']);
  assert.deepEqual(problemsOf('content', ''), ['node "content": path "" is empty']);
  const long = problemsOf('content', `${'a/'.repeat(3000)}x.png`);
  assert.equal(long.length, 1);
  assert.match(long[0]!, /^node "content": path "(a\/)+…" is longer than 4096 characters$/);
});

test('an output must be a .png, not the graph file, not an input', () => {
  assert.deepEqual(problemsOf('result', 'result.jpg'), ['node "result": path "result.jpg" must end in .png']);
  assert.deepEqual(problemsOf('result', 'out/'), ['node "result": path "out/" must end in .png']);
  assert.deepEqual(problemsOf('result', './sub/../seed.stylegraph.json', 'seed.stylegraph.json'), ['node "result": path "./sub/../seed.stylegraph.json" must end in .png']);
  assert.deepEqual(problemsOf('result', 'graph.png', 'graph.png'), ['node "result": path "graph.png" is the graph file itself']);
  assert.deepEqual(problemsOf('result', 'graph.png'), [], 'the graph file name is unknown');
  assert.deepEqual(problemsOf('result', './samples//x/../chelsea.png'), ['node "result": path "./samples//x/../chelsea.png" is the image that node "content" reads']);
  assert.deepEqual(problemsOf('result', 'samples\\chelsea.png'), ['node "result": path "samples\\\\chelsea.png" is the image that node "content" reads']);
});

test('loadGraph reports path problems with the others', () => {
  const text = seedText.replace('"path": "seed-result.png"', '"path": "/tmp/overwrite.png"');
  const { problems } = loadGraph(text, { fileName: 'seed.stylegraph.json' });
  assert.deepEqual(problems.map((p) => [p.code, p.nodeId, p.message]), [['file-path', 'result', 'node "result": path "/tmp/overwrite.png" is absolute; paths are relative to the graph file\'s folder']]);
  const self = loadGraph(seedText.replace('"path": "seed-result.png"', '"path": "x.png"'), { fileName: 'x.png' });
  assert.deepEqual(self.problems.map((p) => p.message), ['node "result": path "x.png" is the graph file itself']);
});
