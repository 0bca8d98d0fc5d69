/** Number widgets that say no, through litegraph's own widget code, in Node. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useLitegraph } from '../helpers/litegraph';
import { canonicalText, readGraph } from '../../webview/graph-bridge';
import type { StyleGraph } from '../../webview/style-graph';

const litegraph = useLitegraph();
const { loaded, node } = litegraph;

interface Clickable {
  value: unknown;
  options: { step2?: number };
  onClick(info: unknown): void;
  setValue(value: unknown, options: unknown): void;
}

/** Clicks a number widget as litegraph's canvas does: at `x` across the node; the prompt answers `typed`. */
function click(g: StyleGraph, id: string, name: string, x: number, typed?: string): void {
  const n = node(g, id);
  const widget = n.widgets!.find((w) => w.name === name) as unknown as Clickable;
  const canvas = { graph_mouse: [0, 0], prompt: (_t: string, _v: unknown, callback: (v: string) => void) => callback(typed!) };
  widget.onClick({ e: { canvasX: n.pos[0] + x }, node: n, canvas });
}

describe('number widgets say no', () => {
  it('typed text that is not a number, or out of range, is refused with the range; the value and the document stay', () => {
    const g = loaded();
    const refused: string[] = [];
    let changes = 0;
    g.onParamRefused = (id, message) => refused.push(`${id}: ${message}`);
    g.onStyleChange = () => changes++;
    const before = canonicalText(g);
    click(g, 'adam', 'iterations', 100, 'abc');
    click(g, 'adam', 'iterations', 100, '0');
    click(g, 'adam', 'iterations', 100, '2.5');
    assert.deepEqual(refused, [
      'adam: iterations: "abc" is not a number; enter a whole number from 1 to 100000',
      'adam: iterations: "0" is refused; enter a whole number from 1 to 100000',
      'adam: iterations: "2.5" is refused; enter a whole number from 1 to 100000',
    ]);
    assert.equal(canonicalText(g), before);
    assert.equal(changes, 0);
    click(g, 'adam', 'iterations', 100, '300');
    assert.equal(readGraph(g).nodes.find((n) => n.id === 'adam')!.params.iterations, 300);
    assert.equal(changes, 1);
  });

  it('the arrows step with the value (alpha 10 -> 11, a style weight 0.2 -> 0.21) and refuse past the range', () => {
    const g = loaded();
    const refused: string[] = [];
    g.onParamRefused = (_id, message) => refused.push(message);
    const width = (node(g, 'alpha').size as number[])[0]!;
    click(g, 'alpha', 'w', width - 10);
    assert.equal(readGraph(g).nodes.find((n) => n.id === 'alpha')!.params.w, 11);
    click(g, 'w_style_conv1_1', 'w', (node(g, 'w_style_conv1_1').size as number[])[0]! - 10);
    assert.equal(readGraph(g).nodes.find((n) => n.id === 'w_style_conv1_1')!.params.w, 0.21);
    const adam = node(g, 'adam');
    (adam.widgets!.find((w) => w.name === 'iterations') as unknown as Clickable).value = 1;
    click(g, 'adam', 'iterations', 5);
    assert.deepEqual(refused, ['iterations: 0 is refused; enter a whole number from 1 to 100000']);
  });
});

describe('a guarded number widget', () => {
  const widget = (g: StyleGraph, id: string, name: string) => node(g, id).widgets!.find((w) => w.name === name) as unknown as Clickable & { options: { precision?: number } };

  it('steps and shows decimals by its current value', () => {
    const g = loaded();
    const w = widget(g, 'alpha', 'w');
    assert.deepEqual([w.options.step2, w.options.precision], [1, 3]);
    w.value = 0.2;
    assert.deepEqual([w.options.step2, w.options.precision], [0.01, 3]);
    w.value = 0.0002;
    assert.deepEqual([w.options.step2, w.options.precision], [0.00001, 5]);
    const iterations = widget(g, 'adam', 'iterations');
    assert.deepEqual([iterations.options.step2, iterations.options.precision], [10, 0]);
  });

  it('refuses a value set out of range (a drag) and keeps its own; takes one in range', () => {
    const g = loaded();
    const refused: string[] = [];
    let changes = 0;
    g.onParamRefused = (id, message) => refused.push(`${id}: ${message}`);
    g.onStyleChange = () => changes++;
    const w = widget(g, 'alpha', 'w');
    const info = { e: undefined, node: node(g, 'alpha'), canvas: { graph_mouse: [0, 0] } };
    w.setValue(-3, info);
    assert.deepEqual(refused, ['alpha: w: -3 is refused; enter a number from 0 to 1000000000']);
    assert.equal(w.value, 10);
    assert.equal(changes, 0);
    w.setValue(12.5, info);
    assert.equal(readGraph(g).nodes.find((n) => n.id === 'alpha')!.params.w, 12.5);
    assert.equal(changes, 1);
  });

  it('the left arrow steps down; a typed exponent is taken as its number', () => {
    const g = loaded();
    click(g, 'alpha', 'w', 5);
    assert.equal(readGraph(g).nodes.find((n) => n.id === 'alpha')!.params.w, 9);
    click(g, 'alpha', 'w', 100, '2.5e3');
    assert.equal(readGraph(g).nodes.find((n) => n.id === 'alpha')!.params.w, 2500);
  });
});
