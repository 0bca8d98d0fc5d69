import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, realpathSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { packageFile } from '../../src/node/package-path';
import { REPO } from '../helpers/paths';

test('a package file is found in node_modules as Node finds it', () => {
  const path = packageFile('pngjs/package.json');
  assert.ok(isAbsolute(path));
  assert.equal(path, realpathSync(join(REPO, 'node_modules', 'pngjs', 'package.json')));
  assert.equal((JSON.parse(readFileSync(path, 'utf8')) as { name: string }).name, 'pngjs');
});

test('a package that is not installed is an error naming it', () => {
  assert.throws(() => packageFile('no-such-package-stylegraph/package.json'), /Cannot find module 'no-such-package-stylegraph\/package\.json'/);
});
