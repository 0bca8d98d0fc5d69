import { test } from 'node:test';
import assert from 'node:assert/strict';
import { historyAction, inTextField, installHistoryKeys, type HistoryAction } from '../../webview/undo-keys';

const key = (k: string, mods: { ctrl?: boolean; meta?: boolean; shift?: boolean; alt?: boolean } = {}) => ({
  key: k,
  keyCode: k.toUpperCase().charCodeAt(0),
  ctrlKey: mods.ctrl ?? false,
  metaKey: mods.meta ?? false,
  shiftKey: mods.shift ?? false,
  altKey: mods.alt ?? false,
});

test('historyAction: the workbench\'s undo and redo keys, nothing else', () => {
  assert.equal(historyAction(key('z', { ctrl: true })), 'undo');
  assert.equal(historyAction(key('Z', { ctrl: true })), 'undo'); // Playwright's Control+Z
  assert.equal(historyAction(key('z', { meta: true })), 'undo');
  assert.equal(historyAction(key('Z', { ctrl: true, shift: true })), 'redo');
  assert.equal(historyAction(key('z', { meta: true, shift: true })), 'redo');
  assert.equal(historyAction(key('y', { ctrl: true })), 'redo');
  assert.equal(historyAction(key('z')), undefined);
  assert.equal(historyAction(key('z', { ctrl: true, alt: true })), undefined);
  assert.equal(historyAction(key('y', { ctrl: true, shift: true })), undefined);
  assert.equal(historyAction(key('Enter', { ctrl: true })), undefined);
  assert.equal(historyAction({ ...key('w', { ctrl: true }), keyCode: 90 }), 'undo', 'keyCode 90 is Z on any layout, as the webview\'s forwarding reads it');
});

/** A window with the webview's key forwarding (VS Code's pre/index.html: a bubbling keydown listener on the page's window). */
function fakeWindow() {
  const capturing: ((e: never) => void)[] = [];
  const forwarded: string[] = [];
  return {
    forwarded,
    addEventListener(_type: 'keydown', listener: (e: never) => void, capture: true) {
      assert.equal(capture, true, 'before the forwarding listener');
      capturing.push(listener);
    },
    press(k: ReturnType<typeof key>, target: unknown) {
      let stopped = false;
      let prevented = false;
      const e = { ...k, target, preventDefault: () => (prevented = true), stopImmediatePropagation: () => (stopped = true) };
      for (const l of capturing) if (!stopped) l(e as never);
      if (!stopped) forwarded.push(k.key);
      return { prevented };
    },
  };
}

test('Ctrl+Z on the canvas goes to the host after the pending canvas change, not to the workbench', () => {
  const win = fakeWindow();
  const posted: string[] = [];
  installHistoryKeys(win, () => posted.push('edit'), (action: HistoryAction) => posted.push(action));
  const canvas = { closest: () => null };
  assert.equal(win.press(key('Z', { ctrl: true }), canvas).prevented, true);
  win.press(key('Z', { ctrl: true, shift: true }), canvas);
  win.press(key('y', { ctrl: true }), undefined);
  // Without the page's own handling the workbench got the key and undid at once, ahead of the edit in flight.
  assert.deepEqual(win.forwarded, []);
  assert.deepEqual(posted, ['edit', 'undo', 'edit', 'redo', 'edit', 'redo']);
  // Other keys still reach the workbench.
  win.press(key('Enter', { ctrl: true }), canvas);
  assert.deepEqual(win.forwarded, ['Enter']);
});

test('in a text field Ctrl+Z is left as it was', () => {
  const win = fakeWindow();
  const posted: string[] = [];
  installHistoryKeys(win, () => posted.push('edit'), (action) => posted.push(action));
  const field = { closest: (selector: string) => (selector.includes('input') ? {} : null) };
  assert.equal(inTextField(field), true);
  assert.equal(inTextField({ closest: () => null }), false);
  assert.equal(inTextField(null), false);
  assert.equal(win.press(key('z', { ctrl: true }), field).prevented, false);
  assert.deepEqual(posted, []);
  assert.deepEqual(win.forwarded, ['z']);
});
