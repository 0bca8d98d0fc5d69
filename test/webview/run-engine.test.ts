import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { compile } from '../../src/core/compile/plan';
import { loadGraph } from '../../src/core/graph/load';
import type { Graph } from '../../src/core/graph/types';
import type { RawImage } from '../../src/core/image/raw-image';
import type { RunResult } from '../../src/core/run/executor';
import { SEED_GRAPH } from '../helpers/paths';
import { runOutputs } from '../../webview/run-engine';

const image = (v: number): RawImage => ({ width: 1, height: 1, data: new Uint8Array([v, v, v, 255]) });
const seed = loadGraph(readFileSync(SEED_GRAPH, 'utf8')).graph!;
/** The seed with a second output, of the content image (not fed by the optimizer). */
const twoOutputs: Graph = {
  ...seed,
  nodes: [...seed.nodes, { id: 'raw', type: 'image.output', params: { preview: false, path: 'raw.png', colors: 'generated' }, ui: { pos: [0, 2000] } }],
  edges: [...seed.edges, { from: 'content.image', to: 'raw.image' }],
};
const run = (outputs: RunResult['outputs'], status: RunResult['status'] = 'done'): RunResult => ({ status, iterations: 4, image: image(1), outputs, seconds: 1, stats: {} as RunResult['stats'] });

describe('runOutputs', () => {
  it('gives each output node its image from the run', () => {
    const plan = compile(twoOutputs);
    const outputs = runOutputs(plan, run([{ nodeId: 'result', path: 'seed-result.png', image: image(7) }, { nodeId: 'raw', path: 'raw.png', image: image(8) }]));
    assert.deepEqual([...outputs].sort(), [['raw', image(8)], ['result', image(7)]]);
  });

  it('a run stopped early: the outputs the optimizer feeds show the generated image, the others nothing', () => {
    const plan = compile(twoOutputs);
    const outputs = runOutputs(plan, run([], 'cancelled'));
    assert.deepEqual([...outputs], [['result', image(1)]]);
  });
});
