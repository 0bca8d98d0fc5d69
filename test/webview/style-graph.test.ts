import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useLitegraph } from '../helpers/litegraph';
import { freshNodeId, isObjectMember } from '../../webview/style-graph';

const litegraph = useLitegraph();

describe('freshNodeId', () => {
  it('makes an id of the type name with the first free number', () => {
    assert.equal(freshNodeId('weight', new Set()), 'weight_1');
    assert.equal(freshNodeId('weight', new Set(['weight_1', 'weight_2', 'weight_4'])), 'weight_3');
  });

  it('replaces runs of characters an id cannot hold, and never starts with a digit', () => {
    assert.equal(freshNodeId('face.detect', new Set()), 'face_detect_1');
    assert.equal(freshNodeId('a b..c', new Set()), 'a_b_c_1');
    assert.equal(freshNodeId('3d', new Set()), '_3d_1');
  });
});

describe('isObjectMember', () => {
  it('is true for names found on every plain object, false for node ids', () => {
    assert.deepEqual(['constructor', '__proto__', 'toString', 'hasOwnProperty'].map(isObjectMember), [true, true, true, true]);
    assert.deepEqual(['alpha', 'weight_1', 'prototype'].map(isObjectMember), [false, false, false]);
  });
});

describe('the style graph class', () => {
  it('gives a node made on the canvas a fresh id and shows the id as its title', () => {
    const g = litegraph.loaded();
    const made = litegraph.lg.LiteGraph.createNode('weight')!;
    g.add(made);
    assert.equal(made.id, 'weight_1');
    assert.equal(made.title, 'weight_1');
    const second = litegraph.lg.LiteGraph.createNode('weight')!;
    second.id = 'alpha'; // taken
    g.add(second);
    assert.equal(second.id, 'weight_2');
  });

  it('keeps a valid free id and a title the user gave', () => {
    const g = litegraph.loaded();
    const made = litegraph.lg.LiteGraph.createNode('weight')!;
    made.id = 'my_weight';
    made.title = 'a weight of mine';
    g.add(made);
    assert.equal(made.id, 'my_weight');
    assert.equal(made.title, 'a weight of mine');
  });

  it('reports an add and a remove as changes, but not while loading', () => {
    const g = litegraph.loaded();
    let changes = 0;
    g.onStyleChange = () => changes++;
    const made = litegraph.lg.LiteGraph.createNode('sum')!;
    g.add(made);
    assert.equal(changes, 1);
    g.remove(made);
    assert.equal(changes, 2);
    g.loading = true;
    g.add(litegraph.lg.LiteGraph.createNode('sum')!);
    assert.equal(changes, 2);
  });

  it('widens a node to fit a long id', () => {
    const g = litegraph.loaded();
    const made = litegraph.lg.LiteGraph.createNode('sum')!;
    const narrow = made.size[0]!;
    made.id = `s${'x'.repeat(60)}`;
    g.add(made);
    assert.ok(made.size[0]! > narrow, `${made.size[0]} > ${narrow}`);
  });
});
