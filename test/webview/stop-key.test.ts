import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useDom } from '../helpers/dom';
import { escapeTaken, installStopKey } from '../../webview/stop-key';

describe('Escape stops a run', () => {
  const dom = useDom();

  it('Escape stops a run unless a field, menu, search box or dialog takes it', () => {
    const doc = { querySelector: (q: string) => (open ? { q } : null) };
    let open = false;
    const inField = { closest: (q: string) => (q.includes('input') ? {} : null) };
    const onCanvas = { closest: () => null };
    assert.equal(escapeTaken(onCanvas, doc), false);
    assert.equal(escapeTaken(inField, doc), true);
    open = true;
    assert.equal(escapeTaken(onCanvas, doc), true);
  });

  it('on a page: Escape on the canvas stops a running run once; other keys, no run, a field or an open dialog do not', () => {
    const win = dom.window;
    const canvas = document.createElement('canvas');
    const input = document.createElement('input');
    const dialog = document.createElement('dialog');
    document.body.replaceChildren(canvas, input, dialog);
    let running = true;
    let stops = 0;
    installStopKey(win as never, () => running, () => stops++);
    const press = (target: Element, key = 'Escape') => target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
    press(canvas);
    assert.equal(stops, 1);
    press(canvas, 'Enter');
    press(input);
    assert.equal(stops, 1);
    dialog.setAttribute('open', '');
    press(canvas);
    assert.equal(stops, 1);
    dialog.removeAttribute('open');
    running = false;
    press(canvas);
    assert.equal(stops, 1);
    running = true;
    press(canvas);
    assert.equal(stops, 2);
  });
});
