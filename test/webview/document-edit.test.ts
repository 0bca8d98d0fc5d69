import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeCanonical } from '../../src/core/graph/canonical';
import { parseGraph } from '../../src/core/graph/parse';
import type { Graph } from '../../src/core/graph/types';
import type { WebviewMessage } from '../../src/core/protocol/messages';
import { documentStandIn, type BannersLike, type DocumentLike } from '../helpers/document-fakes';
import { seedText } from '../helpers/litegraph';
import { webviewModule } from '../helpers/webview-module';

const { graphEditor } = webviewModule<{
  graphEditor(doc: DocumentLike, banners: BannersLike, post: (m: WebviewMessage) => void, refusals: readonly (new (...args: never[]) => Error)[]): (edit: (graph: Graph) => Graph) => boolean;
}>('document-edit');

class Refused extends Error {}

const withoutAlpha = (g: Graph): Graph => ({ ...g, nodes: g.nodes.filter((n) => n.id !== 'alpha'), edges: g.edges.filter((e) => !e.from.startsWith('alpha.') && !e.to.startsWith('alpha.')) });

describe('graphEditor', () => {
  it('syncs the canvas first, then shows and posts the edited graph\'s canonical text as one edit', () => {
    const s = documentStandIn(seedText);
    const order: string[] = [];
    const sync = s.doc.sync;
    s.doc.sync = () => {
      order.push('sync');
      sync();
    };
    const apply = graphEditor(s.doc, s.banners, (m) => {
      order.push(m.type);
      s.post(m);
    }, [Refused]);
    assert.equal(apply(withoutAlpha), true);
    const expected = writeCanonical(withoutAlpha(parseGraph(seedText).graph!));
    assert.deepEqual(s.posted, [{ type: 'edit', text: expected }]);
    assert.deepEqual(s.shown, [expected]);
    assert.deepEqual(order, ['sync', 'edit']);
    assert.equal(s.doc.graph!.nodes.some((n) => n.id === 'alpha'), false);
  });

  it('an edit refused shows its message and changes nothing', () => {
    const s = documentStandIn(seedText);
    const apply = graphEditor(s.doc, s.banners, s.post, [TypeError, Refused]);
    assert.equal(apply(() => {
      throw new Refused('node "x" is not part of a layer');
    }), false);
    assert.deepEqual(s.messages, ['node "x" is not part of a layer']);
    assert.deepEqual([s.posted, s.shown], [[], []]);
  });

  it('any other error is thrown, not shown', () => {
    const s = documentStandIn(seedText);
    const apply = graphEditor(s.doc, s.banners, s.post, [Refused]);
    assert.throws(() => apply(() => {
      throw new RangeError('a bug');
    }), RangeError);
    assert.deepEqual([s.messages, s.posted], [[], []]);
  });

  it('makes no edit on a read-only document, or one that did not parse', () => {
    const s = documentStandIn(seedText);
    let called = 0;
    const apply = graphEditor(s.doc, s.banners, s.post, [Refused]);
    s.doc.editable = false;
    assert.equal(apply((g) => (called++, g)), false);
    const unparsed = documentStandIn('{ "format": ');
    assert.equal(graphEditor(unparsed.doc, unparsed.banners, unparsed.post, [])((g) => (called++, g)), false);
    assert.equal(called, 0);
    assert.deepEqual([s.posted, unparsed.posted], [[], []]);
    assert.equal(s.syncs.count, 1, 'the canvas is synced all the same');
  });
});
