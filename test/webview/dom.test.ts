import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useDom } from '../helpers/dom';
import { cssVar, el } from '../../webview/dom';

useDom();

test('el sets every attribute and appends children in order', () => {
  const child = el('b', {}, 'bold');
  const p = el('p', { id: 'x', class: 'a b', 'data-node-id': 'n1' }, 'start ', child, ' end');
  assert.equal(p.tagName, 'P');
  assert.equal(p.id, 'x');
  assert.deepEqual([...p.classList], ['a', 'b']);
  assert.equal(p.dataset.nodeId, 'n1');
  assert.equal(p.innerHTML, 'start <b>bold</b> end');
});

test('el puts strings in as text, never as markup', () => {
  const p = el('p', { title: '"><img src=x onerror=alert(1)>' }, '<img src=x onerror=alert(1)>');
  assert.equal(p.querySelector('img'), null);
  assert.equal(p.textContent, '<img src=x onerror=alert(1)>');
  assert.equal(p.getAttribute('title'), '"><img src=x onerror=alert(1)>');
  assert.equal(p.childElementCount, 0);
});

test('cssVar reads a theme variable, trimmed, and falls back when it is unset', () => {
  document.body.style.setProperty('--vscode-editor-foreground', '  #123456 ');
  try {
    assert.equal(cssVar('--vscode-editor-foreground', '#cccccc'), '#123456');
    assert.equal(cssVar('--vscode-not-set', '#cccccc'), '#cccccc');
  } finally {
    document.body.style.removeProperty('--vscode-editor-foreground');
  }
  assert.equal(cssVar('--vscode-editor-foreground', '#cccccc'), '#cccccc');
});
