/*
 * The part of @comfyorg/litegraph the webview uses, written out: the package's own .d.ts files
 * only resolve with bundler-style resolution (the webview build), not in the Node16 build of the
 * tests. canvas-view.ts passes the real module.
 */
export interface LSlot {
  name: string;
  type: string | number;
  label?: string;
  link?: number | null;
}
export interface LWidget {
  name: string;
  type: string;
  value: unknown;
  options: Record<string, unknown>;
  tooltip?: string;
  callback?: (value: never, canvas?: never, node?: never, pos?: never, e?: never) => void;
}
export interface LLinkLike {
  origin_id: string | number;
  origin_slot: number;
}
export interface LNode {
  id: string | number;
  type: string;
  title: string;
  pos: [number, number] | Float32Array | Float64Array;
  size?: [number, number] | Float32Array | Float64Array;
  flags: { collapsed?: boolean };
  graph: unknown;
  /** x, y, width, height on the canvas, title bar included. */
  getBounding(): Float32Array | [number, number, number, number];
  inputs: LSlot[];
  outputs: LSlot[];
  widgets?: LWidget[];
  properties: Record<string, unknown>;
  has_errors?: boolean;
  addInput(name: string, type: string, extra?: Record<string, unknown>): LSlot;
  addOutput(name: string, type: string, extra?: Record<string, unknown>): LSlot;
  removeInput(slot: number): void;
  addWidget(type: string, name: string, value: unknown, callback: (value: unknown) => void, options: Record<string, unknown>): LWidget;
  connect(slot: number, target: LNode, targetSlot: number): unknown;
  disconnectInput(slot: number): boolean;
  collapse(force?: boolean): void;
  setDirtyCanvas?(fg: boolean, bg?: boolean): void;
  computeSize(out?: unknown): Float32Array | [number, number];
}
/** A litegraph group: a titled box behind nodes. */
export interface LGroup {
  title: string;
  color?: string;
  readonly _bounding: Float32Array;
  configure(o: { id: number; title: string; bounding: number[]; color?: string }): void;
}
export interface LGraphT {
  readonly nodes: LNode[];
  readonly groups: LGroup[];
  readonly links: { get(id: number): LLinkLike | undefined };
  add(node: LNode | LGroup, skipComputeOrder?: boolean): unknown;
  remove(node: LNode | LGroup): void;
  updateExecutionOrder(): void;
  clear(): void;
  getNodeById(id: string | number | null | undefined): LNode | null;
  setDirtyCanvas(fg: boolean, bg?: boolean): void;
}
export interface Litegraph {
  readonly LGraph: new () => LGraphT;
  readonly LGraphNode: new (title: string) => LNode;
  readonly LGraphGroup: new (title?: string) => LGroup;
  readonly LiteGraph: {
    createNode(type: string): LNode | null;
    registerNodeType(type: string, cls: unknown): void;
    readonly registered_node_types: Record<string, unknown>;
    /** The title bar's, a port row's and a widget's height (set from core's node-geometry). */
    NODE_TITLE_HEIGHT: number;
    NODE_SLOT_HEIGHT: number;
    NODE_WIDGET_HEIGHT: number;
  };
}
