import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { useBackend } from '../../src/node/backend';
import { readImageFile } from '../../src/node/image-file';
import { writeCaseDirectory } from '../../bench/case-dir';
import { PYTHON, torchMissing } from '../../bench/common';
import { randomVggWeights } from '../helpers/weight-files';
import { seedGraph } from '../helpers/seed-run';
import { EXAMPLES, REPO } from '../helpers/paths';
import { tempFolder } from '../helpers/temp-folder';

const SCRIPT = join(REPO, 'bench', 'pytorch', 'style_transfer.py');
const missing = torchMissing();
const hasCuda = !missing && execFileSync(PYTHON, ['-c', 'import torch; print(torch.cuda.is_available())'], { encoding: 'utf8' }).trim() === 'True';
let dir = '';

before(async () => {
  await useBackend('cpu');
  dir = tempFolder('stylegraph-gpu-case-');
  await writeCaseDirectory(dir, seedGraph({ size: [16, 16], iterations: 3 }), randomVggWeights(2, 'narrow'), (p) => readImageFile(resolve(EXAMPLES, p)));
});
after(() => rmSync(dir, { recursive: true, force: true }));

type Line = { event: string; loss?: number; device?: string; cuda_peak_mib?: number };
const torchLines = (device: string) => spawnSync(PYTHON, [SCRIPT, dir, '--threads', '1', '--device', device], { encoding: 'utf8' });
const parse = (stdout: string) => stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Line);

test('style_transfer.py --device cpu says so in its done line and reports no GPU memory', { skip: missing && `needs PyTorch: ${missing}` }, () => {
  const r = torchLines('cpu');
  assert.equal(r.status, 0, r.stderr);
  const done = parse(r.stdout).find((l) => l.event === 'done')!;
  assert.equal(done.device, 'cpu');
  assert.equal(done.cuda_peak_mib, undefined);
});

test('style_transfer.py --device cuda without CUDA: exit 2 and the reason on one line', { skip: (missing && `needs PyTorch: ${missing}`) || (hasCuda && 'CUDA is available here (the next test runs)') }, () => {
  const r = torchLines('cuda');
  assert.equal(r.status, 2);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^style_transfer\.py: .*: --device cuda: torch\.cuda\.is_available\(\) is False \(torch [^,]+, (a CPU-only build|built for CUDA [\d.]+, but no usable device)\)\n$/);
});

test('style_transfer.py --device cuda agrees with the cpu run on the first losses and reports GPU peak memory', { skip: !hasCuda && 'no CUDA device here' }, () => {
  const cpu = parse(torchLines('cpu').stdout).filter((l) => l.event === 'iteration').map((l) => l.loss!);
  const r = torchLines('cuda');
  assert.equal(r.status, 0, r.stderr);
  const lines = parse(r.stdout);
  const cuda = lines.filter((l) => l.event === 'iteration').map((l) => l.loss!);
  assert.equal(cuda.length, 3);
  cuda.forEach((l, i) => assert.ok(Math.abs(l - cpu[i]!) <= 1e-4 * Math.abs(cpu[i]!), `iteration ${i + 1}: cuda ${l}, cpu ${cpu[i]}`));
  const done = lines.find((l) => l.event === 'done')!;
  assert.match(done.device!, /^cuda /);
  assert.ok(done.cuda_peak_mib! > 0);
});
