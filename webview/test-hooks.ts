/** `window.stylegraphTest`: E2E hooks that take the same code paths as the UI. */
import type { ParamValue } from '../src/core/nodes/types';
import type { CanvasView } from './canvas-view';
import type { DocumentSync } from './document-sync';
import { canonicalText, setParam, type LNode } from './graph-bridge';
import type { RunController } from './run-controller';

export function installTestHooks(view: CanvasView, doc: DocumentSync, runs: RunController): void {
  const { bridge, canvas, lgGraph } = view;
  const nodeById = (id: string): LNode | undefined => lgGraph.getNodeById(id) ?? undefined;
  (window as unknown as { stylegraphTest: unknown }).stylegraphTest = {
    nodeIds: (): string[] => lgGraph.nodes.map((n) => String(n.id)),
    getParam: (nodeId: string, name: string): unknown => nodeById(nodeId)?.widgets?.find((w) => w.name === name)?.value,
    setParam: (nodeId: string, name: string, value: ParamValue): boolean => {
      const node = nodeById(nodeId);
      if (!node || !doc.editable) return false;
      const ok = setParam(node, name, value, canvas);
      if (ok) doc.sync();
      return ok;
    },
    connect: (from: string, to: string): boolean => {
      if (!doc.editable) return false;
      const ok = bridge.connectEdge(lgGraph, { from, to }) === undefined;
      if (ok) doc.sync();
      return ok;
    },
    disconnect: (to: string): boolean => {
      const dot = to.lastIndexOf('.');
      const node = nodeById(to.slice(0, dot));
      const slot = node?.inputs.findIndex((s) => s.name === to.slice(dot + 1) && s.link != null) ?? -1;
      if (!node || slot < 0 || !doc.editable) return false;
      node.disconnectInput(slot);
      doc.sync();
      return true;
    },
    moveNode: (nodeId: string, x: number, y: number): void => {
      const node = nodeById(nodeId);
      if (!node) return;
      node.pos = [x, y];
      doc.sync();
    },
    text: (): string | undefined => (doc.parsed ? canonicalText(lgGraph) : undefined),
    run: (): void => void runs.run(),
    stop: (): void => runs.stop(),
    saveImage: (): void => void runs.saveImage(),
    /** Where a node is drawn, in the canvas element's CSS pixels: [x, y, width, height], title bar included. */
    nodeRect: (nodeId: string): [number, number, number, number] | undefined => {
      const node = nodeById(nodeId);
      if (!node) return undefined;
      const [x, y, w, h] = node.getBounding();
      const [left, top] = canvas.ds.convertOffsetToCanvas([x!, y!]);
      return [left!, top!, w! * canvas.ds.scale, h! * canvas.ds.scale];
    },
    /** Every node's box in graph coordinates (litegraph's own sizes): [id, x, y, width, height]. */
    nodeBoxes: (): [string, number, number, number, number][] => lgGraph.nodes.map((n) => {
      const [x, y, w, h] = n.getBounding();
      return [String(n.id), x!, y!, w!, h!];
    }),
  };
}
