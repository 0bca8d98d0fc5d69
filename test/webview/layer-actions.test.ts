import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeCanonical } from '../../src/core/graph/canonical';
import { addLayer, changeLayer, FEATURE_LAYERS, removeLayer, type LayerKind } from '../../src/core/graph/layer-edits';
import { parseGraph } from '../../src/core/graph/parse';
import type { WebviewMessage } from '../../src/core/protocol/messages';
import { documentStandIn, type BannersLike, type DocumentLike } from '../helpers/document-fakes';
import { seedText } from '../helpers/litegraph';
import { webviewModule } from '../helpers/webview-module';

interface MenuEntry {
  content: string;
  disabled?: boolean;
  has_submenu?: boolean;
  submenu?: { options: MenuEntry[] };
  callback?: () => void;
}
interface LayerActions {
  add(kind: LayerKind, layer: string, like?: string): boolean;
  change(nodeId: string, layer: string): boolean;
  remove(nodeId: string): boolean;
  menuEntries(nodeId: string): MenuEntry[];
}
interface NodeMenuCanvas {
  getNodeMenuOptions(node: { id: string }): (MenuEntry | null)[];
}
const { createLayerActions, addLayerMenu } = webviewModule<{
  createLayerActions(doc: DocumentLike, banners: BannersLike, post: (m: WebviewMessage) => void): LayerActions;
  addLayerMenu(canvas: NodeMenuCanvas, actions: LayerActions): void;
}>('layer-actions');

const seed = () => parseGraph(seedText).graph!;

function actions() {
  const s = documentStandIn(seedText);
  return { ...s, layers: createLayerActions(s.doc, s.banners, s.post) };
}
const entry = (entries: MenuEntry[], content: string) => entries.find((e) => e.content === content) ?? assert.fail(`no entry "${content}" in ${entries.map((e) => e.content).join(', ')}`);

describe('the layer menu of a node', () => {
  it('offers add, change and remove on a node of a style term; change marks the layer it has now', () => {
    const { layers } = actions();
    const entries = layers.menuEntries('gram_style_conv1_1');
    assert.deepEqual(entries.map((e) => e.content), ['Add style layer…', 'Change layer…', 'Remove layer']);
    const change = entry(entries, 'Change layer…').submenu!.options;
    assert.equal(change.length, FEATURE_LAYERS.length);
    assert.deepEqual(change.filter((o) => o.disabled).map((o) => o.content), ['conv1_1 (now)']);
    assert.deepEqual(entry(entries, 'Add style layer…').submenu!.options.filter((o) => o.disabled), []);
  });

  it('says content on a content term, and offers nothing on other nodes or a read-only document', () => {
    const { doc, layers } = actions();
    assert.equal(layers.menuEntries('j_content')[0]!.content, 'Add content layer…');
    assert.deepEqual(layers.menuEntries('adam'), []);
    doc.editable = false;
    assert.deepEqual(layers.menuEntries('j_style_conv1_1'), []);
  });

  it('each entry makes its core edit as one document edit', () => {
    const cases: [string, (entries: MenuEntry[]) => void, string][] = [
      ['remove', (e) => entry(e, 'Remove layer').callback!(), writeCanonical(removeLayer(seed(), 'j_style_conv1_1'))],
      ['change', (e) => entry(entry(e, 'Change layer…').submenu!.options, 'conv2_2').callback!(), writeCanonical(changeLayer(seed(), 'j_style_conv1_1', 'conv2_2'))],
      ['add', (e) => entry(entry(e, 'Add style layer…').submenu!.options, 'conv3_2').callback!(), writeCanonical(addLayer(seed(), 'style', 'conv3_2', 'j_style_conv1_1'))],
    ];
    for (const [what, pick, expected] of cases) {
      const { layers, posted, shown } = actions();
      pick(layers.menuEntries('j_style_conv1_1'));
      assert.deepEqual(posted, [{ type: 'edit', text: expected }], what);
      assert.deepEqual(shown, [expected], what);
    }
    const { layers, posted } = actions();
    layers.remove('j_style_conv1_1');
    assert.equal(parseGraph((posted[0] as { text: string }).text).graph!.nodes.some((n) => n.id === 'j_style_conv1_1'), false);
  });

  it('an edit that cannot be made says why and posts nothing', () => {
    const { layers, posted, messages } = actions();
    assert.equal(layers.change('adam', 'conv2_1'), false);
    assert.equal(layers.add('style', 'conv9_9'), false);
    assert.equal(messages.length, 2);
    assert.match(messages[0]!, /"adam"/);
    assert.deepEqual(posted, []);
  });
});

describe('addLayerMenu', () => {
  it('puts the layer entries first in a term node\'s menu, then a separator; other menus stay as they are', () => {
    const { layers } = actions();
    const canvas: NodeMenuCanvas = { getNodeMenuOptions: () => [{ content: 'Title' }] };
    addLayerMenu(canvas, layers);
    assert.deepEqual(canvas.getNodeMenuOptions({ id: 'j_style_conv1_1' }).map((e) => e?.content ?? null), ['Add style layer…', 'Change layer…', 'Remove layer', null, 'Title']);
    assert.deepEqual(canvas.getNodeMenuOptions({ id: 'adam' }), [{ content: 'Title' }]);
  });
});
