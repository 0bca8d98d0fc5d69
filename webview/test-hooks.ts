/** `window.stylegraphTest`: E2E hooks that take the same code paths as the UI (their shape: test-hooks-api.ts). */
import type { ParamValue } from '../src/core/nodes/types';
import { lowZoomText, type CanvasView } from './canvas-view';
import type { DocumentSync } from './document-sync';
import { canonicalText } from './graph-bridge';
import type { LNode } from './litegraph-types';
import { setParam } from './node-params';
import type { RunController } from './run-controller';
import { thumbnailOf } from './inspect-thumbnails';
import { resultShownOn, valueShownOn } from './evaluation-marks';
import type { ResultLines } from './result-lines';
import type { StylegraphTestHooks } from './test-hooks-api';

export function installTestHooks(view: CanvasView, doc: DocumentSync, runs: RunController): void {
  const { bridge, canvas, lgGraph } = view;
  const nodeById = (id: string): LNode | undefined => lgGraph.getNodeById(id) ?? undefined;
  const hooks: StylegraphTestHooks = {
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
    hostRoundTrip: (): Promise<void> => runs.hostRoundTrip(),
    nodeRect: (nodeId: string): [number, number, number, number] | undefined => {
      const node = nodeById(nodeId);
      if (!node) return undefined;
      canvas.draw(true, true); // litegraph measures a node's box at the start of each frame: a node added since has none yet
      const [x, y, w, h] = node.getBounding();
      const [left, top] = canvas.ds.convertOffsetToCanvas([x!, y!]);
      return [left!, top!, w! * canvas.ds.scale, h! * canvas.ds.scale];
    },
    showNode: (nodeId: string): boolean => {
      const node = nodeById(nodeId);
      if (!node) return false;
      // Graphs open framed, often below the zoom where widgets are drawn: show the node at 100%, as a user zooms in to edit it.
      if (canvas.ds.scale < 1) canvas.ds.changeScale(1, [0, 0]);
      canvas.centerOnNode(node as never);
      canvas.draw(true, true); // litegraph hit-tests the nodes of its last frame
      return true;
    },
    portPoint: (nodeId: string, side: 'input' | 'output', name: string): [number, number] | undefined => {
      const node = nodeById(nodeId) as (LNode & { getInputPos(i: number): [number, number]; getOutputPos(i: number): [number, number] }) | undefined;
      const slots = side === 'input' ? node?.inputs : node?.outputs;
      const i = slots?.findIndex((s) => s.name === name) ?? -1;
      if (!node || i < 0) return undefined;
      const [x, y] = canvas.ds.convertOffsetToCanvas(side === 'input' ? node.getInputPos(i) : node.getOutputPos(i));
      return [x!, y!];
    },
    widgetPoint: (nodeId: string, name: string): [number, number] | undefined => {
      const node = nodeById(nodeId);
      const widget = node?.widgets?.find((w) => w.name === name) as { last_y?: number } | undefined;
      if (!node || widget?.last_y === undefined) return undefined;
      const [x, y] = canvas.ds.convertOffsetToCanvas([node.pos[0] + (node.size?.[0] ?? 0) / 2, node.pos[1] + widget.last_y + 10]);
      return [x!, y!];
    },
    selectedNodeIds: (): string[] => Object.keys(canvas.selected_nodes),
    viewport: (): { scale: number; offset: [number, number] } => ({ scale: canvas.ds.scale, offset: [canvas.ds.offset[0]!, canvas.ds.offset[1]!] }),
    nodeBoxes: (): [string, number, number, number, number][] => {
      canvas.draw(true, true); // as nodeRect
      return lgGraph.nodes.map((n) => {
        const [x, y, w, h] = n.getBounding();
        return [String(n.id), x!, y!, w!, h!];
      });
    },
    thumbnail: (nodeId: string): { width: number; height: number } | string | undefined => {
      const node = nodeById(nodeId);
      return node && thumbnailOf(node);
    },
    result: (nodeId: string): ResultLines | undefined => {
      const node = nodeById(nodeId);
      return node && resultShownOn(node);
    },
    lowZoom: (nodeId: string): { title: string; lines: string[] } | undefined => {
      canvas.draw(true, true);
      return lowZoomText.get(nodeId);
    },
    value: (nodeId: string): string | undefined => {
      const node = nodeById(nodeId);
      return node && valueShownOn(node);
    },
  };
  (window as unknown as { stylegraphTest: StylegraphTestHooks }).stylegraphTest = hooks;
}
