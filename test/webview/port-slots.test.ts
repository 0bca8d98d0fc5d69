import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { nodeDef } from '../../src/core/nodes/catalogue';
import { useLitegraph } from '../helpers/litegraph';
import type { LNode } from '../../webview/litegraph-types';
import { addPortSlot, isMultiple, labelWeightedSlots, portTooltip, tidyMultipleSlots } from '../../webview/port-slots';

const litegraph = useLitegraph();
const made = (type: string) => litegraph.lg.LiteGraph.createNode(type)! as unknown as LNode;
const port = (type: string, name: string) => nodeDef(type)!.inputs.find((p) => p.name === name)!;
/** Marks slot `i` as linked (a link id is all the slot code reads). */
const link = (n: LNode, i: number, id: number) => {
  n.inputs[i]!.link = id;
};
const labels = (n: LNode) => n.inputs.map((s) => (s as { label?: string }).label);

describe('portTooltip', () => {
  it('says the type, whether it is optional or takes any number, and the doc', () => {
    assert.equal(portTooltip(port('sum', 'terms')), `terms (scalar, any number): ${port('sum', 'terms').doc}`);
    assert.equal(portTooltip(port('image.generated', 'content')), `content (image, optional): ${port('image.generated', 'content').doc}`);
    assert.equal(portTooltip(port('weight', 'value')), `value (scalar): ${port('weight', 'value').doc}`);
  });
});

describe('addPortSlot', () => {
  it('adds a slot labelled with the port\'s name (a "?" when optional), its tooltip, its name locked', () => {
    const n = made('weight');
    addPortSlot(n, port('image.generated', 'content'));
    const slot = n.inputs.at(-1)! as unknown as { name: string; type: string; label: string; tooltip: string; nameLocked: boolean };
    assert.deepEqual([slot.name, slot.type, slot.label, slot.tooltip, slot.nameLocked], ['content', 'image', 'content?', portTooltip(port('image.generated', 'content')), true]);
  });
});

describe('isMultiple', () => {
  it('is true only for a port that takes any number of links', () => {
    assert.equal(isMultiple(made('sum'), 'terms'), true);
    assert.equal(isMultiple(made('gram.blend'), 'targets'), true);
    assert.equal(isMultiple(made('weight'), 'value'), false);
    assert.equal(isMultiple(made('sum'), 'nope'), false);
  });
});

describe('tidyMultipleSlots', () => {
  it('adds a free slot after a linked last slot', () => {
    const sum = made('sum');
    link(sum, 0, 101);
    tidyMultipleSlots(sum);
    assert.deepEqual(sum.inputs.map((s) => s.link ?? null), [101, null]);
  });

  it('removes free slots between linked ones, keeping the links in their order and one free slot last', () => {
    const sum = made('sum');
    litegraph.bridge.createGraph().add(sum); // removing a slot needs a graph
    for (let i = 0; i < 4; i++) sum.addInput('terms', 'scalar');
    link(sum, 1, 7);
    link(sum, 3, 9);
    tidyMultipleSlots(sum);
    assert.deepEqual(sum.inputs.map((s) => [s.name, s.link ?? null]), [['terms', 7], ['terms', 9], ['terms', null]]);
  });

  it('leaves the other ports\' slots alone', () => {
    const triplet = made('loss.triplet');
    link(triplet, 0, 3);
    tidyMultipleSlots(triplet);
    assert.deepEqual(triplet.inputs.map((s) => [s.name, s.link ?? null]), [['anchor', 3], ['positive', null], ['negative', null], ['anchor', null]]);
  });
});

describe('labelWeightedSlots', () => {
  it('labels a blend\'s linked slots with their number and weight, "?" for a missing weight, the free one plainly', () => {
    const blend = made('gram.blend');
    link(blend, 0, 1);
    tidyMultipleSlots(blend);
    link(blend, 1, 2);
    tidyMultipleSlots(blend);
    blend.widgets!.find((w) => w.name === 'weights')!.value = ' 0.7 ,0.3';
    labelWeightedSlots(blend);
    assert.deepEqual(labels(blend), ['targets 1 · 0.7', 'targets 2 · 0.3', 'targets']);
    blend.widgets!.find((w) => w.name === 'weights')!.value = '1';
    labelWeightedSlots(blend);
    assert.deepEqual(labels(blend), ['targets 1 · 1', 'targets 2 · ?', 'targets']);
  });

  it('leaves a node without a weights param as it is', () => {
    const sum = made('sum');
    link(sum, 0, 1);
    (sum.inputs[0] as { label?: string }).label = 'mine';
    labelWeightedSlots(sum);
    assert.equal(labels(sum)[0], 'mine');
  });
});
