/**
 * Add term… (issue 19): the toolbar's `#add-term` picker, the canvas menu's "Add term…" and the
 * node menu's entries for a style term, and "Choose image file…" on image nodes. Terms that need
 * an image ask for it first in a file dialog of the host (a path inside the graph's folder); each
 * is then one core edit (term-edits.ts), one undo step: a TV term is 2 actions (open the picker,
 * choose), a blended style or a masked region 3 (open, choose, pick the file).
 */
import type { LGraphCanvas } from '@comfyorg/litegraph';
import { addMaskedRegion, addTvTerm, blendSecondStyle, TERM_KINDS, type TermKind } from '../src/core/graph/term-edits';
import { LayerEditError, termOf } from '../src/core/graph/layer-edits';
import { isPathParam } from '../src/core/graph/graph-paths';
import type { WebviewMessage } from '../src/core/protocol/messages';
import type { Graph } from '../src/core/graph/types';
import type { Banners } from './banners';
import type { DocumentSync } from './document-sync';
import { graphEditor } from './document-edit';
import { el } from './dom';
import type { CanvasMenuEntry } from './canvas-menu-extras';

/** The param an image node names its file with (path params of source nodes). */
const PATH = 'path';

export function createTermActions(doc: DocumentSync, banners: Banners, post: (message: WebviewMessage) => void) {
  const apply = graphEditor(doc, banners, post, [LayerEditError]);
  let nextId = 1;
  const waiting = new Map<number, (answer: { path?: string; message?: string }) => void>();

  /** An image file from the host's dialog, relative to the graph; undefined when cancelled or refused (why in #message). */
  async function pickImage(): Promise<string | undefined> {
    const requestId = nextId++;
    const answer = await new Promise<{ path?: string; message?: string }>((resolve) => {
      waiting.set(requestId, resolve);
      post({ type: 'pickImage', requestId });
    });
    if (answer.message) banners.showMessage(answer.message);
    return answer.path;
  }

  /** Adds a term of `kind` (into the style term `nodeId` belongs to, if given); false when it was not added. */
  async function add(kind: TermKind, nodeId?: string): Promise<boolean> {
    if (!doc.editable) return false;
    if (kind === 'tv') return apply(addTvTerm);
    const path = await pickImage();
    if (path === undefined) return false;
    return apply((g: Graph) => (kind === 'blend' ? blendSecondStyle(g, path, nodeId) : addMaskedRegion(g, path, nodeId)));
  }

  /** Sets an image node's file from the dialog (one edit). */
  async function chooseImage(nodeId: string): Promise<boolean> {
    const path = await pickImage();
    if (path === undefined) return false;
    return apply((g) => ({ ...g, nodes: g.nodes.map((n) => (n.id === nodeId ? { ...n, params: { ...n.params, [PATH]: path } } : n)) }));
  }

  return {
    add,
    chooseImage,
    /** The host's answer to pickImage. */
    imagePicked(requestId: number, answer: { path?: string; message?: string }): void {
      waiting.get(requestId)?.(answer);
      waiting.delete(requestId);
    },
    /** The canvas menu's "Add term…" submenu. */
    canvasEntries(): CanvasMenuEntry[] {
      if (!doc.editable) return [];
      return [{ content: 'Add term…', has_submenu: true, submenu: { options: TERM_KINDS.map((t) => ({ content: t.label, callback: () => void add(t.kind) })) } }];
    },
    /** A node's menu entries: a style term's blend and region, an image node's file. */
    nodeEntries(nodeId: string): CanvasMenuEntry[] {
      const graph = doc.editable ? doc.graph : undefined;
      const node = graph?.nodes.find((n) => n.id === nodeId);
      if (!graph || !node) return [];
      const entries: CanvasMenuEntry[] = [];
      if (termOf(graph, nodeId)?.kind === 'style') {
        entries.push({ content: 'Blend a second style into this layer…', callback: () => void add('blend', nodeId) });
        entries.push({ content: 'Add a masked region of this layer…', callback: () => void add('mask', nodeId) });
      }
      if (isPathParam(node, PATH) && graph.nodes.length > 0 && node.params[PATH] !== undefined) entries.push({ content: 'Choose image file…', callback: () => void chooseImage(nodeId) });
      return entries;
    },
  };
}

export type TermActions = ReturnType<typeof createTermActions>;

/** `#add-term`: "Add term…" and one option per kind; choosing one calls `onPick` and shows "Add term…" again. */
export function termPicker(onPick: (kind: TermKind) => void): HTMLSelectElement {
  const picker = el('select', { id: 'add-term', title: 'Add a term to the objective: a TV term, a second style blended in, a masked region (one edit each)' },
    el('option', { value: '' }, 'Add term…'),
    ...TERM_KINDS.map((t) => el('option', { value: t.kind }, t.label)));
  picker.addEventListener('change', () => {
    const kind = TERM_KINDS.find((t) => t.kind === picker.value)?.kind;
    picker.value = '';
    if (kind) onPick(kind);
  });
  return picker;
}

/** Puts a node's term entries first in its menu. */
export function addTermNodeMenu(canvas: LGraphCanvas, actions: TermActions): void {
  const base = canvas.getNodeMenuOptions.bind(canvas);
  canvas.getNodeMenuOptions = (node) => {
    const entries = actions.nodeEntries(String(node.id));
    const options = base(node);
    return (entries.length > 0 ? [...entries, null, ...options] : options) as typeof options;
  };
}
