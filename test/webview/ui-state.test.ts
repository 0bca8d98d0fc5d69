import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, SEED_GRAPH } from '../helpers/paths';
import { loadGraph } from '../../src/core/graph/load';
import { RUN_SIZES, lossSeries, problemLabel, problemsByNode, progressText, runSize } from '../../webview/ui-state';
import { applyOverrides, overrideRange } from '../../src/core/graph/overrides';

describe('webview ui state', () => {
  it('groups a file\'s problems by node, keeping node-less ones under ""', () => {
    const { problems } = loadGraph(readFileSync(join(FIXTURES, 'graphs', 'many-problems.stylegraph.json'), 'utf8'));
    assert.ok(problems.length > 1);
    const byNode = problemsByNode(problems);
    assert.equal([...byNode.values()].reduce((n, list) => n + list.length, 0), problems.length);
    for (const [id, list] of byNode) for (const p of list) assert.equal(p.nodeId ?? '', id);
  });

  it('labels problems with their node, port and param', () => {
    assert.equal(problemLabel({ code: 'missing-input', message: 'm', nodeId: 'a', port: 'value' }), 'node a · port value: m');
    assert.equal(problemLabel({ code: 'param-range', message: 'm', nodeId: 'a', param: 'w' }), 'node a · param w: m');
    assert.equal(problemLabel({ code: 'json', message: 'not valid JSON' }), 'not valid JSON');
  });

  it('writes progress as iteration / total, elapsed and rate', () => {
    assert.equal(progressText(12, 200, 3400), '12 / 200 · 3.4 s · 3.5 it/s');
    assert.equal(progressText(2, 6, 6000), '2 / 6 · 6.0 s · 3.0 s/it');
    assert.equal(progressText(0, 6, 0), '0 / 6 · 0.0 s');
  });

  it('run sizes: the graph\'s own, or HxW within every image node\'s range, applied as the CLI\'s --size', () => {
    assert.equal(runSize(''), undefined);
    assert.deepEqual(runSize('64x64'), [64, 64]);
    const [height, width] = [overrideRange('height'), overrideRange('width')];
    for (const choice of RUN_SIZES.filter(Boolean)) {
      const [h, w] = runSize(choice)!;
      assert.ok(h >= height.min && h <= height.max && w >= width.min && w <= width.max, choice);
    }
    const seed = loadGraph(readFileSync(SEED_GRAPH, 'utf8')).graph!;
    const small = applyOverrides(seed, { size: runSize('64x64')! });
    const sized = small.nodes.filter((n) => 'width' in n.params).map((n) => [n.id, n.params.height, n.params.width]);
    assert.deepEqual(sized, [['content', 64, 64], ['generated', 64, 64], ['style', 64, 64]]);
  });

  it('charts each loss node and the total last, not weights or sums', () => {
    assert.deepEqual(lossSeries({ w: 1, a: 2, t: 3, b: 4 }, 't', ['a', 'b']), ['a', 'b', 't']);
  });
});
