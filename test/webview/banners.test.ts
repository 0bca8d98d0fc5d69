import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useDom } from '../helpers/dom';
import { createBanners } from '../../webview/banners';

useDom();

test('both banners start hidden', () => {
  const b = createBanners();
  assert.equal(b.trustBanner.hidden, true);
  assert.equal(b.message.hidden, true);
  assert.equal(b.messageKind(), undefined);
});

test('a message shows with its kind, an error by default, and an empty one hides the line', () => {
  const b = createBanners();
  b.showMessage('weights not found');
  assert.equal(b.message.hidden, false);
  assert.equal(b.message.textContent, 'weights not found');
  assert.equal(b.messageKind(), 'error');
  b.showMessage('saved', 'info');
  assert.equal(b.messageKind(), 'info');
  assert.equal(b.message.getAttribute('data-kind'), 'info');
  b.showMessage('');
  assert.equal(b.message.hidden, true);
});

test('a message from a graph file stays text', () => {
  const b = createBanners();
  b.showMessage('node <img src=x onerror=alert(1)> failed');
  assert.equal(b.message.childElementCount, 0);
  assert.equal(b.message.textContent, 'node <img src=x onerror=alert(1)> failed');
});

test('the trust banner shows only in an untrusted workspace', () => {
  const b = createBanners();
  b.showTrust(false);
  assert.equal(b.trustBanner.hidden, false);
  assert.match(b.trustBanner.textContent!, /not trusted/);
  b.showTrust(true);
  assert.equal(b.trustBanner.hidden, true);
});
