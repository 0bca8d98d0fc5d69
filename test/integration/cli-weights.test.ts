import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { cliWeights } from '../../src/cli/weights';
import { randomVggWeights, writeKerasH5, writeTfjsFiles } from '../helpers/weight-files';
import { runCli, workspaceCopy } from '../helpers/cli';

let ws: string;
const seed = () => join(ws, 'examples', 'seed.stylegraph.json');
const small = ['--size', '24x32', '--iterations', '4'];

before(() => {
  ws = workspaceCopy();
});
after(() => rmSync(ws, { recursive: true, force: true }));

test('no weights and no network: says so, and how to use a local file', async () => {
  const r = await runCli(['run', seed(), ...small, '--backend', 'cpu'], { cwd: ws, env: { STYLEGRAPH_WEIGHTS_URL: 'http://127.0.0.1:9/vgg19.h5' } });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /download .*failed.*http:\/\/127\.0\.0\.1:9\/vgg19\.h5/i);
  assert.match(r.stderr, /--weights \/path\/to\/vgg19_weights_tf_dim_ordering_tf_kernels_notop\.h5, or set STYLEGRAPH_WEIGHTS/);
});

test('in process: --weights first, else $STYLEGRAPH_WEIGHTS; a Keras file is converted into the cache once, and said so', async () => {
  const saved = { cache: process.env.STYLEGRAPH_CACHE, weights: process.env.STYLEGRAPH_WEIGHTS };
  const cache = join(ws, 'in-process-cache');
  const keras = join(ws, 'weights', 'in-process.h5');
  await writeKerasH5(randomVggWeights(7), keras, 'legacy');
  const tfjs = await writeTfjsFiles(randomVggWeights(8), join(ws, 'weights', 'in-process-tfjs'));
  process.env.STYLEGRAPH_CACHE = cache;
  process.env.STYLEGRAPH_WEIGHTS = tfjs;
  try {
    const logged: string[] = [];
    const log = (line: string) => void logged.push(line);
    const signal = new AbortController().signal;
    const first = await cliWeights(keras, log, signal);
    assert.deepEqual(logged, [`converting ${keras} into ${cache} (once; later runs read the converted copy)`]);
    const again = await cliWeights(keras, log, signal);
    assert.equal(logged.length, 1, 'read from the cache the second time');
    const layer = (set: typeof first) => [...set.layers.get('conv1_1')!.kernel.subarray(0, 4)];
    assert.deepEqual(layer(again), layer(first));
    assert.deepEqual(layer(first), [...randomVggWeights(7).layers.get('conv1_1')!.kernel.subarray(0, 4)]);
    const fromEnv = await cliWeights(undefined, log, signal);
    assert.deepEqual(layer(fromEnv), [...randomVggWeights(8).layers.get('conv1_1')!.kernel.subarray(0, 4)]);
  } finally {
    if (saved.cache === undefined) delete process.env.STYLEGRAPH_CACHE;
    else process.env.STYLEGRAPH_CACHE = saved.cache;
    if (saved.weights === undefined) delete process.env.STYLEGRAPH_WEIGHTS;
    else process.env.STYLEGRAPH_WEIGHTS = saved.weights;
  }
});
