import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { useDom } from '../helpers/dom';
import { webviewModuleWithLitegraph } from '../helpers/webview-module';
import { nodeDef } from '../../src/core/nodes/catalogue';

/** A node as tooltipFor reads it. */
interface HitNode {
  id: string;
  type: string;
  title: string;
  pos: [number, number];
  problemText?: string;
  getSlotInPosition(x: number, y: number): { input?: { tooltip?: string }; output?: { tooltip?: string } } | null;
  getWidgetOnPos(x: number, y: number): { tooltip?: string } | undefined;
}
type Found = { kind: 'node' | 'port' | 'param'; text: string } | undefined;
interface FakeCanvas {
  canvas: HTMLCanvasElement;
  ds: { convertCanvasToOffset(p: [number, number]): [number, number] };
}
/** What these tests use of webview/canvas-tooltip.ts (it imports litegraph's types: see webview-module.ts). */
interface CanvasTooltip {
  tooltipFor(node: HitNode, x: number, y: number): Found;
  installCanvasTooltip(box: HTMLElement, canvas: FakeCanvas, lgGraph: { getNodeOnPos(x: number, y: number): HitNode | null }): { element: HTMLElement; hide(): void };
}
let m: CanvasTooltip;

useDom();
before(async () => {
  m = await webviewModuleWithLitegraph<CanvasTooltip>('canvas-tooltip');
});

/** A weight node at (100, 100): its title bar is above y = 100; a port at y 110, a widget at y 130. */
function node(over: Partial<HitNode> = {}): HitNode {
  return {
    id: 'alpha',
    type: 'weight',
    title: 'alpha',
    pos: [100, 100],
    getSlotInPosition: (_x, y) => (y > 105 && y < 115 ? { input: { tooltip: 'x: a scalar' } } : y > 115 && y < 120 ? { output: { tooltip: 'out: a scalar' } } : null),
    getWidgetOnPos: (_x, y) => (y > 125 && y < 135 ? { tooltip: 'w: a number ≥ 0' } : undefined),
    ...over,
  };
}

test('a port shows its type and meaning, a widget its param\'s doc', () => {
  assert.deepEqual(m.tooltipFor(node(), 110, 110), { kind: 'port', text: 'x: a scalar' });
  assert.deepEqual(m.tooltipFor(node(), 110, 117), { kind: 'port', text: 'out: a scalar' });
  assert.deepEqual(m.tooltipFor(node(), 110, 130), { kind: 'param', text: 'w: a number ≥ 0' });
});

test('the title bar shows the node\'s catalogue doc; the body elsewhere shows nothing', () => {
  assert.deepEqual(m.tooltipFor(node(), 110, 90), { kind: 'node', text: `alpha (weight): ${nodeDef('weight')!.doc}` });
  assert.equal(m.tooltipFor(node(), 110, 150), undefined);
  assert.deepEqual(m.tooltipFor(node({ type: 'no.such', title: 'odd' }), 110, 90), { kind: 'node', text: 'odd (no.such)' });
});

test('the title bar lists the node\'s problems, one ⚠ a line', () => {
  const found = m.tooltipFor(node({ problemText: 'w must be at least 0\ninput x is not connected' }), 110, 90);
  assert.equal(found?.text, `alpha (weight): ${nodeDef('weight')!.doc}\n⚠ w must be at least 0\n⚠ input x is not connected`);
});

test('on the canvas: a resting pointer shows the tooltip after a while, as text; moving or pressing hides it', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const box = document.createElement('div');
  const graphCanvas = document.createElement('canvas');
  box.append(graphCanvas);
  const canvas: FakeCanvas = { canvas: graphCanvas, ds: { convertCanvasToOffset: ([x, y]) => [x, y] } };
  const hit = node({ id: '<b>n</b>', title: '<img src=x onerror=alert(1)>' });
  const tip = m.installCanvasTooltip(box, canvas, { getNodeOnPos: (x, y) => (x >= 100 && y >= 70 ? hit : null) });
  assert.equal(tip.element.parentElement, box);
  assert.equal(tip.element.hidden, true);
  const move = (x: number, y: number, buttons = 0) => graphCanvas.dispatchEvent(new PointerEvent('pointermove', { clientX: x, clientY: y, buttons }));
  move(110, 90);
  t.mock.timers.tick(299);
  assert.equal(tip.element.hidden, true);
  t.mock.timers.tick(1);
  assert.equal(tip.element.hidden, false);
  assert.equal(tip.element.dataset.kind, 'node');
  assert.equal(tip.element.dataset.nodeId, '<b>n</b>');
  assert.equal(tip.element.childElementCount, 0);
  assert.match(tip.element.textContent!, /^<img src=x onerror=alert\(1\)> \(weight\)/);
  graphCanvas.dispatchEvent(new PointerEvent('pointerdown'));
  assert.equal(tip.element.hidden, true);
  move(110, 130, 1);
  t.mock.timers.tick(1000);
  assert.equal(tip.element.hidden, true);
  move(10, 10);
  t.mock.timers.tick(1000);
  assert.equal(tip.element.hidden, true);
  move(110, 130);
  t.mock.timers.tick(300);
  assert.equal(tip.element.dataset.kind, 'param');
  graphCanvas.dispatchEvent(new PointerEvent('pointerleave'));
  assert.equal(tip.element.hidden, true);
});

