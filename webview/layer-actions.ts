/**
 * Layer edits on the canvas: the toolbar's layer picker and the right-click menu of a node of a
 * style or content term ("Add style layer…", "Change layer…", "Remove layer"). Each applies one
 * core transform (src/core/graph/layer-edits.ts) as one document edit: one undo step.
 */
import { LGraphCanvas } from '@comfyorg/litegraph';
import { addLayer, changeLayer, FEATURE_LAYERS, LayerEditError, removeLayer, termOf, type LayerKind } from '../src/core/graph/layer-edits';
import type { WebviewMessage } from '../src/core/protocol/messages';
import type { Banners } from './banners';
import type { DocumentSync } from './document-sync';
import { graphEditor } from './document-edit';

export { FEATURE_LAYERS };

export type LayerActions = ReturnType<typeof createLayerActions>;

export function createLayerActions(doc: DocumentSync, banners: Banners, post: (message: WebviewMessage) => void) {
  const apply = graphEditor(doc, banners, post, [LayerEditError]);

  const add = (kind: LayerKind, layer: string, like?: string): boolean => apply((g) => addLayer(g, kind, layer, like));
  const change = (nodeId: string, layer: string): boolean => apply((g) => changeLayer(g, nodeId, layer));
  const remove = (nodeId: string): boolean => apply((g) => removeLayer(g, nodeId));
  return {
    add,
    change,
    remove,
    /** The right-click entries for a node of a layer term (none for other nodes or a read-only canvas). */
    menuEntries(nodeId: string): MenuEntry[] {
      const term = doc.editable && doc.graph ? termOf(doc.graph, nodeId) : undefined;
      if (!term) return [];
      const layerMenu = (pick: (layer: string) => void, current?: string): MenuEntry['submenu'] => ({
        options: FEATURE_LAYERS.map((layer) => ({ content: layer === current ? `${layer} (now)` : layer, disabled: layer === current, callback: () => void pick(layer) })),
      });
      return [
        { content: `Add ${term.kind} layer…`, has_submenu: true, submenu: layerMenu((layer) => add(term.kind, layer, nodeId)) },
        { content: 'Change layer…', has_submenu: true, submenu: layerMenu((layer) => change(nodeId, layer), term.layer) },
        { content: 'Remove layer', callback: () => void remove(nodeId) },
      ];
    },
  };
}

interface MenuEntry {
  content: string;
  disabled?: boolean;
  has_submenu?: boolean;
  submenu?: { options: MenuEntry[] };
  /** Returns nothing: litegraph keeps its menu open when an entry's callback returns true. */
  callback?: () => undefined;
}

/** Puts the layer entries first in the canvas's node menu (after whatever else builds that menu). */
export function addLayerMenu(canvas: LGraphCanvas, actions: LayerActions): void {
  const base = canvas.getNodeMenuOptions.bind(canvas);
  canvas.getNodeMenuOptions = (node) => {
    const entries = actions.menuEntries(String(node.id));
    const options = base(node);
    return entries.length > 0 ? [...(entries as unknown as typeof options), null, ...options] : options;
  };
}
