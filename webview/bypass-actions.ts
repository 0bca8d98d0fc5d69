/**
 * Bypass on the canvas: the node menu's "Bypass" / "Turn on" of a term (a node with a scalar
 * output; src/core/graph/bypass.ts says what it means), acting on the selection when the node is
 * in it. One canvas change, so one edit and one undo step. No keyboard shortcut: ComfyUI's Ctrl+B
 * is VS Code's Toggle Primary Side Bar, and a webview passes every key on to the workbench too.
 */
import { canBypass } from '../src/core/graph/bypass';
import type { StyleGraph, StyleNode } from './style-graph';

interface MenuEntry {
  content: string;
  callback?: () => void;
}

/** The part of litegraph's canvas this wraps. */
interface NodeCanvas {
  editor_alpha: number;
  selectedItems: Set<unknown>;
  getNodeMenuOptions(node: StyleNode): (MenuEntry | null)[];
  drawNode(node: StyleNode, ctx: unknown): void;
  setDirty(foreground: boolean, background?: boolean): void;
}

/** The nodes "Bypass" acts on from `node`'s menu: the selected terms when `node` is selected, else `node`. */
export function bypassTargets(node: StyleNode, selected: readonly StyleNode[]): StyleNode[] {
  const terms = (nodes: readonly StyleNode[]) => nodes.filter((n) => canBypass(String(n.type)));
  return selected.includes(node) ? terms(selected) : terms([node]);
}

/** Turns `nodes` off (or on, when `node` is off already); reports one change. */
export function toggleBypass(node: StyleNode, nodes: readonly StyleNode[]): void {
  const off = !node.bypass;
  for (const n of nodes) n.bypass = off;
  (node.graph as StyleGraph | null)?.onStyleChange?.();
}

/** Puts "Bypass" / "Turn on" first in the node menu of a term (not on a read-only canvas). */
export function addBypassMenu(canvas: NodeCanvas, editable: () => boolean): void {
  const base = canvas.getNodeMenuOptions.bind(canvas);
  canvas.getNodeMenuOptions = (node) => {
    const options = base(node);
    if (!editable() || !canBypass(String(node.type))) return options;
    const selected = [...canvas.selectedItems].filter((item): item is StyleNode => typeof item === 'object' && item !== null && 'bypass' in item);
    const entry: MenuEntry = {
      content: node.bypass ? 'Turn on (bypassed)' : 'Bypass',
      callback: () => {
        toggleBypass(node, bypassTargets(node, selected));
        canvas.setDirty(true, true);
      },
    };
    return [entry, null, ...options];
  };
}

/** Draws a bypassed node (title, slots, widgets) faded: its term is not in J. */
export function installBypassDrawing(canvas: NodeCanvas): void {
  const draw = canvas.drawNode.bind(canvas);
  canvas.drawNode = (node, ctx) => {
    if (!node.bypass) {
      draw(node, ctx);
      return;
    }
    const alpha = canvas.editor_alpha;
    canvas.editor_alpha = alpha * 0.35;
    try {
      draw(node, ctx);
    } finally {
      canvas.editor_alpha = alpha;
    }
  };
}
