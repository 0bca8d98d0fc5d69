import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_PATH, normaliseRelative, pathSyntaxProblem, relativePathProblem } from '../../src/core/paths/path-syntax';

test('normaliseRelative resolves . and .. with either separator and refuses climbing out', () => {
  assert.equal(normaliseRelative('a/./b/../c\\d'), 'a/c/d');
  assert.equal(normaliseRelative('a/..'), '');
  assert.equal(normaliseRelative('..'), undefined);
  assert.equal(normaliseRelative('a\\..\\..\\b'), undefined);
});

test('pathSyntaxProblem: empty, too long, NUL and URLs are named; ordinary names pass', () => {
  assert.equal(pathSyntaxProblem('  '), 'is empty');
  assert.equal(pathSyntaxProblem('a'.repeat(MAX_PATH + 1)), 'is longer than 4096 characters');
  assert.equal(pathSyntaxProblem('a'.repeat(MAX_PATH)), undefined);
  assert.equal(pathSyntaxProblem('a\0.png'), 'holds a NUL character');
  for (const url of ['https://x/a.png', 'file:///a.png', 'data:image/png;base64,AA', 'vscode-resource:/a']) assert.equal(pathSyntaxProblem(url), 'is a URL, not a file path', url);
  // One letter before a colon is a drive, not a scheme: relativePathProblem refuses it as absolute.
  assert.equal(pathSyntaxProblem('C:/a.png'), undefined);
  assert.equal(pathSyntaxProblem('samples/my cat (1).png'), undefined);
});

test('relativePathProblem: absolute paths and drives, climbing out, and the syntax problems', () => {
  assert.equal(relativePathProblem('samples/../cat.png'), undefined);
  assert.equal(relativePathProblem('/etc/passwd'), 'is absolute; paths are relative to the graph file\'s folder');
  assert.equal(relativePathProblem('\\\\server\\share\\a.png', 'inputs/'), 'is absolute; paths are relative to inputs/');
  assert.equal(relativePathProblem('c:a.png'), 'is absolute; paths are relative to the graph file\'s folder');
  assert.equal(relativePathProblem('a/../../b.png', 'the plan folder'), 'leads outside the plan folder');
  assert.equal(relativePathProblem(''), 'is empty');
  assert.equal(relativePathProblem('http://x/a.png'), 'is a URL, not a file path');
});
