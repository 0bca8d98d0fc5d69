import { test } from 'node:test';
import assert from 'node:assert/strict';
import { plainText } from '../../src/extension/plain-text';
import { notificationLinks as links } from '../helpers/notification-links';

test('plainText: a command link in a graph path can no longer form a link', () => {
  const message = 'Style Graph: image not found: samples/[x](command:workbench.action.terminal.new).png';
  assert.deepEqual(links(message), ['command:workbench.action.terminal.new'], 'the pattern is live before escaping');
  const shown = plainText(message);
  assert.deepEqual(links(shown), []);
  assert.equal(shown, 'Style Graph: image not found: samples/[x]\\(command:workbench.action.terminal.new).png');
});

test('plainText: every kind of link, nested brackets and newlines between the parts stay plain', () => {
  for (const message of [
    '[a](https://example.com) [b](file:///etc/passwd) [c](command:x "title")',
    '[[a]](command:x)', '[a]]](command:x)', '[a]\n(command:x)', '](command:x) [a](command:y)', '[a](command:x)'.repeat(50),
  ]) {
    assert.deepEqual(links(plainText(message)), [], message);
  }
});

test('plainText: icons are escaped; text without link or icon syntax is unchanged', () => {
  assert.equal(plainText('bad $(terminal) path'), 'bad \\$(terminal) path');
  const ordinary = 'The VGG-19 weights in /home/me/[draft] (old)/vgg.h5 cannot be read: ENOENT. Set "stylegraph.weightsPath" (a.h5).';
  assert.equal(plainText(ordinary), ordinary);
});
