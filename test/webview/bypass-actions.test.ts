import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { seedText, useLitegraph } from '../helpers/litegraph';
import { canonicalText, readGraph } from '../../webview/graph-bridge';
import { addBypassMenu, bypassTargets, installBypassDrawing, toggleBypass } from '../../webview/bypass-actions';
import type { StyleNode } from '../../webview/style-graph';

const litegraph = useLitegraph();
const { loaded, node } = litegraph;

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

interface Entry {
  content: string;
  callback?: () => void;
}

/** The part of litegraph's canvas addBypassMenu and installBypassDrawing wrap, recording what they do. */
function canvasStandIn(selected: unknown[] = []): Parameters<typeof addBypassMenu>[0] & { log: string[] } {
  const log: string[] = [];
  return {
    log,
    editor_alpha: 0.8,
    selectedItems: new Set(selected),
    getNodeMenuOptions: () => [{ content: 'Title' }],
    drawNode(n: StyleNode): void {
      log.push(`draw ${String(n.id)} at ${this.editor_alpha}`);
    },
    setDirty: (fg: boolean, bg?: boolean) => log.push(`dirty ${fg} ${bg}`),
  };
}

describe('the Bypass menu entry', () => {
  it('comes first on a term, says Turn on once it is bypassed, and redraws', () => {
    const g = loaded();
    const canvas = canvasStandIn();
    addBypassMenu(canvas, () => true);
    const alpha = node(g, 'alpha');
    const menu = canvas.getNodeMenuOptions(alpha) as (Entry | null)[];
    assert.deepEqual(menu.map((e) => e?.content ?? null), ['Bypass', null, 'Title']);
    menu[0]!.callback!();
    assert.equal(alpha.bypass, true);
    assert.deepEqual(canvas.log, ['dirty true true']);
    const again = canvas.getNodeMenuOptions(alpha) as (Entry | null)[];
    assert.equal(again[0]!.content, 'Turn on (bypassed)');
    again[0]!.callback!();
    assert.equal(alpha.bypass, false);
  });

  it('acts on the selected terms when the node is selected, skipping what is no node', () => {
    const g = loaded();
    const canvas = canvasStandIn([node(g, 'alpha'), node(g, 'beta'), node(g, 'gram_style_conv1_1'), { title: 'a group' }]);
    addBypassMenu(canvas, () => true);
    (canvas.getNodeMenuOptions(node(g, 'beta'))[0] as Entry).callback!();
    assert.deepEqual(readGraph(g).nodes.filter((n) => n.bypass).map((n) => n.id), ['alpha', 'beta']);
  });

  it('is not offered on a node that is no term, nor on a read-only canvas', () => {
    const g = loaded();
    let editable = true;
    const canvas = canvasStandIn();
    addBypassMenu(canvas, () => editable);
    assert.deepEqual(canvas.getNodeMenuOptions(node(g, 'gram_style_conv1_1')), [{ content: 'Title' }]);
    editable = false;
    assert.deepEqual(canvas.getNodeMenuOptions(node(g, 'alpha')), [{ content: 'Title' }]);
  });
});

describe('bypassed nodes are drawn faded', () => {
  it('at 0.35 of the canvas\'s alpha, which is restored after, even when drawing throws', () => {
    const g = loaded();
    const canvas = canvasStandIn();
    installBypassDrawing(canvas);
    node(g, 'beta').bypass = true;
    canvas.drawNode(node(g, 'alpha'), {});
    canvas.drawNode(node(g, 'beta'), {});
    assert.deepEqual(canvas.log.map((l) => l.replace(/at ([\d.]+)/, (_, a: string) => `at ${Number(a).toFixed(2)}`)), ['draw alpha at 0.80', 'draw beta at 0.28']);
    assert.equal(canvas.editor_alpha, 0.8);
    const throwing = canvasStandIn();
    throwing.drawNode = () => {
      throw new Error('draw failed');
    };
    installBypassDrawing(throwing);
    assert.throws(() => throwing.drawNode(node(g, 'beta'), {}), /draw failed/);
    assert.equal(throwing.editor_alpha, 0.8);
  });
});
