import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeCanonical } from '../../src/core/graph/canonical';
import { parseGraph } from '../../src/core/graph/parse';
import { addMaskedRegion, addTvTerm, blendSecondStyle, TERM_KINDS, type TermKind } from '../../src/core/graph/term-edits';
import type { WebviewMessage } from '../../src/core/protocol/messages';
import { documentStandIn, type BannersLike, type DocumentLike } from '../helpers/document-fakes';
import { seedText } from '../helpers/litegraph';
import { webviewModule } from '../helpers/webview-module';

interface MenuEntry {
  content: string;
  has_submenu?: boolean;
  submenu?: { options: MenuEntry[] };
  callback?: () => void;
}
interface TermActions {
  add(kind: TermKind, nodeId?: string): Promise<boolean>;
  chooseImage(nodeId: string): Promise<boolean>;
  imagePicked(requestId: number, answer: { path?: string; message?: string }): void;
  canvasEntries(): MenuEntry[];
  nodeEntries(nodeId: string): MenuEntry[];
}
interface NodeMenuCanvas {
  getNodeMenuOptions(node: { id: string }): (MenuEntry | null)[];
}
const { createTermActions, addTermNodeMenu } = webviewModule<{
  createTermActions(doc: DocumentLike, banners: BannersLike, post: (m: WebviewMessage) => void): TermActions;
  addTermNodeMenu(canvas: NodeMenuCanvas, actions: TermActions): void;
}>('term-actions');

const seed = () => parseGraph(seedText).graph!;

function actions() {
  const s = documentStandIn(seedText);
  return { ...s, terms: createTermActions(s.doc, s.banners, s.post) };
}

describe('adding a term', () => {
  it('a TV term is one edit, with no file to pick', async () => {
    const { terms, posted } = actions();
    assert.equal(await terms.add('tv'), true);
    assert.deepEqual(posted, [{ type: 'edit', text: writeCanonical(addTvTerm(seed())) }]);
  });

  it('a blended style asks the host for an image, then blends it into the node\'s layer', async () => {
    const { terms, posted } = actions();
    const adding = terms.add('blend', 'j_style_conv2_1');
    assert.deepEqual(posted, [{ type: 'pickImage', requestId: 1 }]);
    terms.imagePicked(1, { path: 'samples/second.png' });
    assert.equal(await adding, true);
    assert.deepEqual(posted.slice(1), [{ type: 'edit', text: writeCanonical(blendSecondStyle(seed(), 'samples/second.png', 'j_style_conv2_1')) }]);
  });

  it('a masked region without a node uses the file picked, each request with its own id', async () => {
    const { terms, posted } = actions();
    const cancelled = terms.add('mask');
    terms.imagePicked(1, {});
    assert.equal(await cancelled, false);
    const adding = terms.add('mask');
    assert.deepEqual(posted, [{ type: 'pickImage', requestId: 1 }, { type: 'pickImage', requestId: 2 }]);
    terms.imagePicked(2, { path: 'samples/mask.png' });
    assert.equal(await adding, true);
    assert.deepEqual(posted[2], { type: 'edit', text: writeCanonical(addMaskedRegion(seed(), 'samples/mask.png')) });
  });

  it('a file the host refuses is named in the message line and nothing changes', async () => {
    const { terms, posted, messages } = actions();
    const adding = terms.add('blend');
    terms.imagePicked(1, { message: 'the image must be inside the graph\'s folder' });
    assert.equal(await adding, false);
    assert.deepEqual(messages, ['the image must be inside the graph\'s folder']);
    assert.equal(posted.length, 1);
  });

  it('nothing is added to a read-only document', async () => {
    const { terms, doc, posted } = actions();
    doc.editable = false;
    assert.equal(await terms.add('tv'), false);
    assert.equal(await terms.add('blend'), false);
    assert.deepEqual(posted, []);
  });
});

describe('choosing an image file', () => {
  it('sets the node\'s path to the file picked, as one edit', async () => {
    const { terms, posted } = actions();
    const choosing = terms.chooseImage('style');
    terms.imagePicked(1, { path: 'samples/other.jpg' });
    assert.equal(await choosing, true);
    const edited = parseGraph((posted[1] as { text: string }).text).graph!;
    assert.equal(edited.nodes.find((n) => n.id === 'style')!.params.path, 'samples/other.jpg');
    assert.deepEqual(edited.nodes.filter((n) => n.id !== 'style'), seed().nodes.filter((n) => n.id !== 'style'));
  });
});

describe('term menus', () => {
  it('the canvas menu has "Add term…" with a choice per kind, which adds that kind', async () => {
    const { terms, posted, doc } = actions();
    const [addTerm] = terms.canvasEntries();
    assert.equal(addTerm!.content, 'Add term…');
    assert.deepEqual(addTerm!.submenu!.options.map((o) => o.content), TERM_KINDS.map((t) => t.label));
    addTerm!.submenu!.options[TERM_KINDS.findIndex((t) => t.kind === 'blend')]!.callback!();
    assert.deepEqual(posted, [{ type: 'pickImage', requestId: 1 }]);
    doc.editable = false;
    assert.deepEqual(terms.canvasEntries(), []);
  });

  it('a style term\'s node offers a blend and a region; an image node its file; other nodes nothing', () => {
    const { terms } = actions();
    assert.deepEqual(terms.nodeEntries('gram_style_conv3_1').map((e) => e.content), ['Blend a second style into this layer…', 'Add a masked region of this layer…']);
    assert.deepEqual(terms.nodeEntries('content').map((e) => e.content), ['Choose image file…']);
    assert.deepEqual(terms.nodeEntries('j_content'), []);
    assert.deepEqual(terms.nodeEntries('adam'), []);
    assert.deepEqual(terms.nodeEntries('no_such_node'), []);
  });

  it('a node menu entry acts on its node', () => {
    const { terms, posted } = actions();
    terms.nodeEntries('j_style_conv4_1')[0]!.callback!();
    assert.deepEqual(posted, [{ type: 'pickImage', requestId: 1 }]);
  });

  it('addTermNodeMenu puts the entries first, then a separator', () => {
    const { terms } = actions();
    const canvas: NodeMenuCanvas = { getNodeMenuOptions: () => [{ content: 'Title' }] };
    addTermNodeMenu(canvas, terms);
    assert.deepEqual(canvas.getNodeMenuOptions({ id: 'style' }).map((e) => e?.content ?? null), ['Choose image file…', null, 'Title']);
    assert.deepEqual(canvas.getNodeMenuOptions({ id: 'adam' }), [{ content: 'Title' }]);
  });
});
