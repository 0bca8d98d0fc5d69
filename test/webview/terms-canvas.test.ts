/**
 * Number widgets that say no and bypass, through litegraph's own widget and menu code, in Node.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { seedText, useLitegraph } from '../helpers/litegraph';
import { canonicalText, readGraph } from '../../webview/graph-bridge';
import type { StyleGraph } from '../../webview/style-graph';
import { bypassTargets, toggleBypass } from '../../webview/bypass-actions';

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

describe('bypass on the canvas', () => {
  it('loads and saves "bypass": true, toggles the selected terms as one change, leaves other nodes alone', () => {
    const bypassed = seedText.replace('"id": "j_content",\n      "type": "loss.content",\n      "params": {},', '"id": "j_content",\n      "type": "loss.content",\n      "params": {},\n      "bypass": true,').replace('"version": 1', '"version": 2');
    assert.notEqual(bypassed, seedText);
    const g = loaded(bypassed);
    assert.equal(canonicalText(g), bypassed, 'a bypassed file round-trips through the canvas');
    assert.equal(node(g, 'j_content').bypass, true);
    let changes = 0;
    g.onStyleChange = () => changes++;
    const selected = ['alpha', 'beta', 'gram_style_conv1_1'].map((id) => node(g, id));
    const targets = bypassTargets(node(g, 'alpha'), selected);
    assert.deepEqual(targets.map((n) => n.id), ['alpha', 'beta'], 'the selected terms, not the Gram');
    assert.deepEqual(bypassTargets(node(g, 'j_style'), selected).map((n) => n.id), ['j_style'], 'a node outside the selection alone');
    toggleBypass(node(g, 'alpha'), targets);
    assert.equal(changes, 1, 'one change: one edit, one undo step');
    assert.deepEqual(readGraph(g).nodes.filter((n) => n.bypass).map((n) => n.id), ['alpha', 'beta', 'j_content']);
    toggleBypass(node(g, 'j_content'), [node(g, 'j_content')]);
    assert.equal(canonicalText(g).includes('"id": "j_content",\n      "type": "loss.content",\n      "params": {},\n      "bypass"'), false);
  });
});
