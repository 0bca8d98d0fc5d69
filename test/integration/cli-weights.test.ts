import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
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
