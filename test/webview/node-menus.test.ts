import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { NODE_DEFS } from '../../src/core/nodes/catalogue';
import { persistedMenu, searchNodeTypes } from '../../webview/node-menus';

const contents = (options: readonly ({ content?: string } | null | string)[]) => options.map((o) => (o === null ? '—' : typeof o === 'string' ? o : o.content));

describe('persistedMenu', () => {
  it('keeps only the entries whose effect is saved, in their order', () => {
    const menu = [{ content: 'Inputs' }, { content: 'Title' }, { content: 'Mode' }, { content: 'Collapse' }, { content: 'Pin' }, { content: 'Colors' }, { content: 'Clone' }, { content: 'Remove' }];
    assert.deepEqual(contents(persistedMenu(menu)), ['Title', 'Collapse', 'Clone', 'Remove']);
  });

  it('drops separators at the ends and doubled ones left by removed entries', () => {
    const menu = [null, { content: 'Title' }, null, { content: 'Pin' }, null, { content: 'Clone' }, null, { content: 'Shapes' }];
    assert.deepEqual(contents(persistedMenu(menu)), ['Title', '—', 'Clone']);
    assert.deepEqual(persistedMenu([null, { content: 'Mode' }, null]), []);
  });

  it('drops plain-string entries and entries without content', () => {
    assert.deepEqual(contents(persistedMenu(['Title', { content: 'Remove' }, {}])), ['Remove']);
  });
});

describe('searchNodeTypes', () => {
  it('lists every type for an empty query, in catalogue order', () => {
    assert.deepEqual(searchNodeTypes('  '), NODE_DEFS.map((d) => d.type));
  });

  it('ranks an exact name, then names that start with the query, then names that contain it', () => {
    assert.deepEqual(searchNodeTypes('style'), ['loss.style', 'loss.wasserstein', 'loss.sliced']);
    assert.deepEqual(searchNodeTypes('gram'), ['gram', 'gram.blend']);
    assert.deepEqual(searchNodeTypes('encod'), ['encoding.distance', 'face.encode'], 'a name that starts with it before one the catalogue lists first');
    assert.deepEqual(searchNodeTypes('mask'), ['features.mask', 'image.mask']);
  });

  it('matches titles as well as types, ignoring case and surrounding spaces', () => {
    assert.deepEqual(searchNodeTypes(' OPTICAL flow '), ['flow']);
    assert.deepEqual(searchNodeTypes('Face Encoding'), ['face.encode']);
  });

  it('finds nothing for a query no name contains', () => {
    assert.deepEqual(searchNodeTypes('zebra'), []);
  });

  it('with both filters, lists only types with an input of one type and an output of the other', () => {
    assert.deepEqual(searchNodeTypes('', { input: 'encoding', output: 'scalar' }), ['loss.triplet', 'encoding.distance']);
    assert.deepEqual(searchNodeTypes('loss', { input: 'stats' }), ['loss.wasserstein']);
  });
});
