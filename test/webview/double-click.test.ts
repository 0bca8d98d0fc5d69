/**
 * A double click is two clicks on the same thing (webview/double-click.ts), through litegraph's own
 * CanvasPointer, in Node: the pointer events the canvas gets for two clicks 11 px and 200 ms apart.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { clickKey, createClickPairing } from '../../webview/double-click';

type LitegraphModule = typeof import("@comfyorg/litegraph", { with: { "resolution-mode": "import" } });
let lg: LitegraphModule;

before(async () => {
  lg = await import('@comfyorg/litegraph');
});

const view = { scale: 1, offset: [0, 0] };

/**
 * Clicks as litegraph's canvas handles one: our pairing sees the pointerdown first (when given a
 * key), then the pointer's down, the handlers processMouseDown sets, and the up. Returns what ran.
 */
function clicker(withPairing: boolean) {
  const pointer = new lg.CanvasPointer({ setPointerCapture() {}, hasPointerCapture: () => false, releasePointerCapture() {} } as never);
  const pairing = createClickPairing(pointer);
  return (x: number, y: number, at: number, key: string): 'click' | 'double click' => {
    let ran: 'click' | 'double click' | undefined;
    const event = (type: string, t: number) => ({ type, clientX: x, clientY: y, timeStamp: t, button: 0, buttons: type === 'pointerdown' ? 1 : 0, pointerId: 1, isPrimary: true });
    if (withPairing) pairing.down(key);
    pointer.down(event('pointerdown', at) as never);
    pointer.onClick = () => (ran = 'click');
    pointer.onDoubleClick = () => (ran = 'double click');
    pointer.up(event('pointerup', at + 5) as never);
    return ran ?? assert.fail('the click ran nothing');
  };
}

test('litegraph alone pairs two clicks 200 ms and 11 px apart whatever they landed on: the second click is lost to a double click', () => {
  const click = clicker(false);
  assert.equal(click(389, 420, 1000, clickKey('gram_style_conv2_1', view)), 'click');
  assert.equal(click(389, 409, 1200, clickKey('generated_conv1_1', view)), 'double click');
});

test('with the pairing, a click on another node, or on empty canvas after a node, is a click', () => {
  const click = clicker(true);
  assert.equal(click(389, 420, 1000, clickKey('gram_style_conv2_1', view)), 'click');
  assert.equal(click(389, 409, 1200, clickKey('generated_conv1_1', view)), 'click');
  assert.equal(click(389, 398, 1400, clickKey(undefined, view)), 'click');
});

test('two clicks on the same node, or both on empty canvas, in the same view are still a double click', () => {
  const click = clicker(true);
  assert.equal(click(100, 100, 1000, clickKey('adam', view)), 'click');
  assert.equal(click(101, 104, 1200, clickKey('adam', view)), 'double click');
  assert.equal(click(300, 300, 3000, clickKey(undefined, view)), 'click');
  assert.equal(click(300, 300, 3100, clickKey(undefined, view)), 'double click');
});

test('the same node after the view moved (it was panned under the pointer) is not a double click', () => {
  const click = clicker(true);
  assert.equal(click(100, 100, 1000, clickKey('adam', view)), 'click');
  assert.equal(click(100, 100, 1200, clickKey('adam', { scale: 1, offset: [-40, 0] })), 'click');
});
