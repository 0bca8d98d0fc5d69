import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { backendChoicesOf, ENGINES } from '../../src/core/protocol/messages';
import { REPO } from '../helpers/paths';

const contributes = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).contributes;
const settings = contributes.configuration.properties;

test('the weights settings show on the User tab in remote windows (window scope, not machine) and an empty weightsUrl is valid', () => {
  for (const name of ['stylegraph.weightsPath', 'stylegraph.weightsUrl']) assert.equal(settings[name].scope, 'window', name);
  const url = settings['stylegraph.weightsUrl'];
  assert.equal(url.format, undefined, 'format "uri" rejects the empty default ("URI expected")');
  const pattern = new RegExp(url.pattern);
  for (const ok of ['', 'https://mirror.example/vgg19.h5', 'http://127.0.0.1:8080/w.h5']) assert.ok(pattern.test(ok), ok);
  for (const bad of ['mirror.example/vgg19.h5', 'file:///etc/passwd']) assert.ok(!pattern.test(bad), bad);
});

test('stylegraph.backend offers every backend of both engines (and only those), auto by default; stylegraph.engine offers host (default) and webview', () => {
  const both = new Set([...backendChoicesOf('host'), ...backendChoicesOf('webview')]);
  assert.deepEqual(new Set(settings['stylegraph.backend'].enum), both);
  assert.equal(settings['stylegraph.backend'].enum.length, both.size);
  assert.equal(settings['stylegraph.backend'].default, 'auto');
  assert.deepEqual(settings['stylegraph.engine'].enum, [...ENGINES]);
  assert.equal(settings['stylegraph.engine'].default, 'host');
});
