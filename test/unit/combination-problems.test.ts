import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadGraph } from '../../src/core/graph/load';
import { applyOverrides } from '../../src/core/graph/overrides';
import type { Graph } from '../../src/core/graph/types';
import type { Problem } from '../../src/core/graph/problems';
import { validateGraph } from '../../src/core/graph/validate';
import { pathProblems } from '../../src/core/graph/graph-paths';
import { nodeDef } from '../../src/core/nodes/catalogue';
import type { ParamSpec, ParamValue } from '../../src/core/nodes/types';
import { parseVary } from '../../src/core/sweep/vary';
import { applyCombination, combinations, describeCombination, typeAxes, type SweepAxis } from '../../src/core/sweep/combinations';
import { combinationProblems } from '../../src/core/sweep/combination-problems';
import { EXAMPLES, SEED_GRAPH } from '../helpers/paths';

const seed = applyOverrides(loadGraph(readFileSync(SEED_GRAPH, 'utf8')).graph!, { size: [24, 32] });
const numbers = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
const axis = (keys: string, values: readonly ParamValue[]): SweepAxis => ({ keys: keys.split(','), values });

test('combinationProblems: each combination is validated; a problem is prefixed with the first combination that has it', () => {
  const { axes } = typeAxes(seed, [parseVary('alpha.w=1,10'), parseVary('content_conv4_2.layer=conv4_2,conv5_2')]);
  const problems = combinationProblems(seed, axes, 'seed.stylegraph.json');
  assert.equal(problems.length, 1);
  assert.equal(problems[0]!.nodeId, 'j_content');
  assert.match(problems[0]!.message, /^with alpha\.w=1, content_conv4_2\.layer=conv5_2 \(and 1 more\): node "j_content" \(loss\.content\): the content features are 1x2x512 but the generated features are 3x4x512/);
  // Tied, both layers change together: every combination is fine.
  const tied = typeAxes(seed, [parseVary('content_conv4_2.layer,generated_conv4_2.layer=conv4_2,conv5_2')]);
  assert.deepEqual(combinationProblems(seed, tied.axes, 'seed.stylegraph.json'), []);
  // The path rule applies to swept paths.
  const paths = typeAxes(seed, [parseVary('result.path=out.png,../out.png,seed.stylegraph.json')]);
  assert.deepEqual(combinationProblems(seed, paths.axes, 'seed.stylegraph.json').map((p) => p.message), [
    'with result.path=../out.png: node "result": path "../out.png" leads outside the graph file\'s folder',
    'with result.path=seed.stylegraph.json: node "result": path "seed.stylegraph.json" must end in .png',
  ]);
});

test('combinationProblems finds what validating every combination finds, for every param of every example graph, beside a weight axis', () => {
  let compared = 0;
  for (const file of readdirSync(EXAMPLES).filter((f) => f.endsWith('.stylegraph.json'))) {
    const graph = applyOverrides(loadGraph(readFileSync(join(EXAMPLES, file), 'utf8')).graph!, { size: [24, 32] });
    const weight = graph.nodes.find((n) => n.type === 'weight');
    const tried = new Set<string>();
    for (const node of graph.nodes) {
      for (const spec of nodeDef(node.type)!.params) {
        if (tried.has(`${node.type}.${spec.name}`)) continue;
        tried.add(`${node.type}.${spec.name}`);
        const param = axis(`${node.id}.${spec.name}`, trialValues(spec, node.params[spec.name]));
        const axes = weight && weight !== node ? [axis(`${weight.id}.w`, [1, 2]), param] : [param];
        assert.deepEqual(combinationProblems(graph, axes, file), everyCombinationProblems(graph, axes, file), `${file}: ${param.keys[0]}`);
        compared++;
      }
    }
  }
  assert.ok(compared > 60, `${compared} params compared`);
});

test('combinationProblems with axes whose problems interact: untied layers, a weight between them, a swept path, 100 x 100 weights', () => {
  const layers = [axis('content_conv4_2.layer', ['conv3_2', 'conv4_2', 'conv5_2']), axis('alpha.w', [1, 2]), axis('generated_conv4_2.layer', ['conv3_2', 'conv4_2', 'conv5_2'])];
  const found = combinationProblems(seed, layers, 'seed.stylegraph.json');
  assert.deepEqual(found, everyCombinationProblems(seed, layers, 'seed.stylegraph.json'));
  assert.equal(found.length, 6);
  assert.match(found[0]!.message, /^with content_conv4_2\.layer=conv3_2, alpha\.w=1, generated_conv4_2\.layer=conv4_2 \(and 1 more\): node "j_content"/);
  const paths = [axis('alpha.w', [1, 2]), axis('result.path', ['a.png', 'examples.png', '../x.png']), axis('content.path', ['samples/cat.png', 'a.png'])];
  assert.deepEqual(combinationProblems(seed, paths, 'seed.stylegraph.json'), everyCombinationProblems(seed, paths, 'seed.stylegraph.json'));
  // 10,000 combinations of weights: nothing wrong; with a layer that does not fit, the problem names its first combination and counts the rest.
  const weights = typeAxes(seed, [parseVary(`alpha.w=${numbers(100).join(',')}`), parseVary(`beta.w=${numbers(100).join(',')}`)]).axes;
  assert.deepEqual(combinationProblems(seed, weights, 'seed.stylegraph.json'), []);
  const deep = applyOverrides(seed, { size: [12, 16] });
  assert.deepEqual(combinationProblems(deep, weights, 'seed.stylegraph.json').map((p) => p.message), validateGraph(deep).problems.map((p) => p.message), 'every combination has the seed image\'s problems: no prefix');
  const mixed = typeAxes(seed, [parseVary(`alpha.w=${numbers(100).join(',')}`), parseVary('content_conv4_2.layer=conv4_2,conv5_2'), parseVary(`beta.w=${numbers(100).join(',')}`)]).axes;
  assert.deepEqual(combinationProblems(seed, mixed, 'seed.stylegraph.json').map((p) => p.message.split(': node')[0]), ['with alpha.w=1, content_conv4_2.layer=conv5_2, beta.w=1 (and 9999 more)']);
});

/** What combinationProblems said before it learnt which axes to walk: every combination validated. */
function everyCombinationProblems(graph: Graph, axes: readonly SweepAxis[], fileName?: string): Problem[] {
  const all = combinations(axes);
  const seen = new Map<string, { problem: Problem; where: number[] }>();
  all.forEach((combination, k) => {
    const g = applyCombination(graph, axes, combination);
    for (const problem of [...validateGraph(g).problems, ...pathProblems(g, fileName)]) {
      const entry = seen.get(problem.message) ?? { problem, where: [] };
      if (entry.where.at(-1) !== k) entry.where.push(k);
      seen.set(problem.message, entry);
    }
  });
  return [...seen.values()].map(({ problem, where }) => {
    if (where.length === all.length) return problem;
    const more = where.length > 1 ? ` (and ${where.length - 1} more)` : '';
    return { ...problem, message: `with ${describeCombination(axes, all[where[0]!]!)}${more}: ${problem.message}` };
  });
}

/** Values for a param: valid ones at its ends and default, and one it does not take. */
function trialValues(spec: ParamSpec, current: ParamValue | undefined): ParamValue[] {
  switch (spec.kind) {
    case 'number':
      return [...new Set([spec.min, spec.default, spec.max, spec.max + 1])];
    case 'enum':
      return [...spec.options.slice(0, 3), 'nope'];
    case 'boolean':
      return [true, false, 'maybe'];
    default:
      return [...new Set([String(current ?? spec.default), 'other.png', '../out.png', ''])];
  }
}
