/**
 * Graph <-> litegraph, at the ui edge. Node types come from the catalogue (no per-type code);
 * a `multiple` input (sum's terms) becomes a run of dynamic input slots with one free slot at
 * the end. litegraph's own serialize() is never used: the document is always writeCanonical of
 * readGraph(). No DOM here, so this runs in Node (tests) as in the webview; litegraph itself is
 * passed in, because the package is ESM-only and the tests are CommonJS.
 */
import { NODE_DEFS, nodeDef } from '../src/core/nodes/catalogue';
import type { NodeDef, ParamSpec, ParamValue, PortSpec } from '../src/core/nodes/types';
import { GRAPH_FORMAT, GRAPH_VERSION, parsePortRef, type Graph, type GraphEdge, type GraphGroup, type GraphNode } from '../src/core/graph/types';
import { writeCanonical } from '../src/core/graph/canonical';
import { paramProblem } from '../src/core/graph/validate';
import { COLOR_PATTERN, NODE_ID_PATTERN } from '../src/core/graph/parse';
import { quote } from '../src/core/text/quote';

/*
 * The part of @comfyorg/litegraph this module uses, written out: the package's own .d.ts files
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
  };
}

/** How one param shows as a litegraph widget. */
export interface WidgetSpec {
  readonly type: 'number' | 'combo' | 'toggle' | 'text';
  readonly options: {
    readonly min?: number;
    readonly max?: number;
    /** litegraph's real increment (its `step` is ten times the increment, a legacy quirk). */
    readonly step2?: number;
    readonly precision?: number;
    readonly values?: readonly string[];
  };
}

/** The widget for a param: numbers keep the catalogue's range, enums become combos (VGG layers included). */
export function widgetSpec(spec: ParamSpec): WidgetSpec {
  switch (spec.kind) {
    case 'number': {
      const step = numberStep(spec.default, spec.integer === true);
      return { type: 'number', options: { min: spec.min, max: spec.max, step2: step, precision: spec.integer ? 0 : Math.max(3, -Math.floor(Math.log10(step))) } };
    }
    case 'enum':
      return { type: 'combo', options: { values: spec.options } };
    case 'boolean':
      return { type: 'toggle', options: {} };
    case 'string':
      return { type: 'text', options: {} };
  }
}

/** The arrow-key increment of a number param: 1 for whole numbers, else a tenth of the default's order of magnitude. */
export function numberStep(defaultValue: number, integer: boolean): number {
  if (integer) return 1;
  const magnitude = defaultValue === 0 ? 0 : Math.floor(Math.log10(Math.abs(defaultValue)));
  return Number(`1e${magnitude - 1}`);
}

/** A widget's raw value made to fit its param: numbers clamped and rounded where whole, combos held to their options. */
export function normaliseParam(spec: ParamSpec, value: unknown): ParamValue {
  switch (spec.kind) {
    case 'number': {
      let v = typeof value === 'number' ? value : Number(value);
      if (!Number.isFinite(v)) return spec.default;
      if (spec.integer) v = Math.round(v);
      return Math.min(spec.max, Math.max(spec.min, v));
    }
    case 'enum':
      return typeof value === 'string' && spec.options.includes(value) ? value : spec.default;
    case 'boolean':
      return Boolean(value);
    case 'string':
      return typeof value === 'string' ? value : String(value ?? '');
  }
}

/** A fresh node id for a node made on the canvas: its type's name and the first free number. */
export function freshNodeId(type: string, taken: ReadonlySet<string>): string {
  const base = type.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^[^A-Za-z_]/, '_$&');
  for (let n = 1; ; n++) {
    const id = `${base}_${n}`;
    if (!taken.has(id)) return id;
  }
}

/** What a stylegraph node carries beyond litegraph's own fields. */
interface StyleNodeFields {
  /** Params the catalogue does not know (an older or newer file): kept so a round trip loses nothing. */
  extraParams: Record<string, ParamValue>;
}

/** Where a node's params travel in litegraph's serialised form (its clipboard and Clone). */
const PARAMS_KEY = 'stylegraphParams';

/**
 * Whether `name` would be found on a plain object although nobody put it there: litegraph keeps
 * node types and nodes by id in plain objects, so a type or id such as "constructor" or
 * "__proto__" would find Object's own members (and createNode would throw).
 */
export function isObjectMember(name: string): boolean {
  return name in Object.prototype;
}
export type StyleNode = LNode & StyleNodeFields;

/** The litegraph graph the editor uses: ids are our node ids; changes are reported once loaded. */
export interface StyleGraph extends LGraphT {
  /** Called after any user change (widget, link, node added or removed). Not while loading. */
  onStyleChange?: () => void;
  loading: boolean;
  /** Draws a node's thumbnail (inspect-thumbnails.ts) in the THUMBNAIL_HEIGHT under its widgets; `ctx` is the canvas's 2D context, at the node's origin. */
  drawThumbnail?: (node: LNode, ctx: unknown) => void;
  /** Draws a result node's report (evaluation-marks.ts) in the RESULT_HEIGHT under its widgets; `ctx` as for drawThumbnail. */
  drawResult?: (node: LNode, ctx: unknown) => void;
  /** Draws over any expanded node once it is drawn, e.g. a value at the right of its title bar (evaluation-marks.ts). */
  drawOver?: (node: LNode, ctx: unknown) => void;
}

/** The room image.load, image.output and face.detect nodes keep under their widgets for a thumbnail, in graph units. */
export const THUMBNAIL_HEIGHT = 96;
/** The room result nodes (face.verify, face.identify, face.evaluate) keep under their widgets for their report, and their least width. */
export const RESULT_HEIGHT = 62;
export const RESULT_WIDTH = 240;

/**
 * Whether nodes of this type show a thumbnail: those that read an image file or show an output,
 * and face nodes whose output is an image (face.detect's crop, shown after an evaluation).
 */
export function showsThumbnail(type: string): boolean {
  const def = nodeDef(type);
  return def?.role === 'source' || def?.role === 'output' || (def?.category === 'face' && def.outputs.some((p) => p.type === 'image'));
}

/** Whether nodes of this type show a report under their widgets: result nodes, which an evaluation fills. */
export function showsResult(type: string): boolean {
  return nodeDef(type)?.role === 'result';
}

/** Whether an evaluation keeps a node's value to show on it: a computed image with a thumbnail (a face crop), or a scalar (at the right of its title bar). */
export function showsValue(def: NodeDef): boolean {
  return (showsThumbnail(def.type) && def.role !== 'source') || def.outputs.some((p) => p.type === 'scalar');
}

export interface LoadResult {
  /** False when the canvas cannot hold the document exactly (unknown types or ports, refused or dangling edges, duplicate ids): do not edit it then. */
  readonly lossless: boolean;
  /** Why not, one line each. */
  readonly losses: readonly string[];
}

/**
 * Binds the conversion to one litegraph module: registers every catalogue node type (once per
 * module) and makes graphs whose nodes carry our ids.
 */
export class GraphBridge {
  private readonly graphClass: new () => StyleGraph;

  constructor(readonly lg: Litegraph) {
    registerNodeTypes(lg);
    this.graphClass = styleGraphClass(lg);
  }

  createGraph(): StyleGraph {
    return new this.graphClass();
  }

  /** Replaces the litegraph graph's content with `graph`. Does not report a change. */
  load(target: StyleGraph, graph: Graph): LoadResult {
    const losses: string[] = [];
    target.loading = true;
    try {
      target.clear();
      for (const node of graph.nodes) {
        if (isObjectMember(node.id)) {
          losses.push(`node ${quote(node.id)}: the canvas cannot hold a node with this id`);
          continue;
        }
        const made = nodeDef(node.type) && !isObjectMember(node.type) ? (this.lg.LiteGraph.createNode(node.type) as StyleNode | null) : null;
        if (!made) {
          losses.push(`node ${quote(node.id)}: unknown type ${quote(node.type)}`);
          continue;
        }
        if (target.getNodeById(node.id)) {
          losses.push(`node ${quote(node.id)}: duplicate id`);
          continue;
        }
        made.id = node.id;
        made.pos = [node.ui.pos[0], node.ui.pos[1]];
        setParams(made, node.params);
        // Skipping litegraph's execution order on each add keeps loading linear; it is computed once below.
        target.add(made, true);
        if (node.ui.title !== undefined) made.title = node.ui.title;
        if (node.ui.collapsed) made.flags.collapsed = true;
      }
      target.updateExecutionOrder();
      for (const edge of graph.edges) {
        const why = this.connectEdge(target, edge);
        if (why) losses.push(`edge ${quote(edge.from)} -> ${quote(edge.to)}: ${why}`);
      }
      for (const group of graph.groups ?? []) {
        const made = new this.lg.LGraphGroup();
        made.configure({ id: -1, title: group.title, bounding: [...group.bounds], color: group.color });
        target.add(made);
      }
    } finally {
      target.loading = false;
    }
    if (!losses.length && writeCanonical(readGraph(target)) !== writeCanonical(graph)) losses.push('the canvas would change the file');
    return { lossless: losses.length === 0, losses };
  }

  /**
   * Connects "node.port" to "node.port" as the canvas would (litegraph checks the slot types).
   * Returns why not, or undefined when connected.
   */
  connectEdge(target: StyleGraph, edge: GraphEdge): string | undefined {
    const from = parsePortRef(edge.from);
    const to = parsePortRef(edge.to);
    if (!from || !to) return 'not "node.port"';
    const source = isObjectMember(from.node) ? null : target.getNodeById(from.node);
    const sink = isObjectMember(to.node) ? null : target.getNodeById(to.node);
    if (!source || !sink) return `no node ${quote(source ? to.node : from.node)}`;
    const out = source.outputs.findIndex((s) => s.name === from.port);
    const inputs = sink.inputs.map((s, i) => ({ s, i })).filter(({ s }) => s.name === to.port);
    if (out < 0) return `no output port ${quote(from.port)}`;
    if (!inputs.length) return `no input port ${quote(to.port)}`;
    const slot = isMultiple(sink, to.port) ? (inputs.find(({ s }) => s.link == null) ?? inputs[inputs.length - 1]!).i : inputs[0]!.i;
    const link = source.connect(out, sink, slot);
    return link ? undefined : `refused (${source.outputs[out]!.type} -> ${sink.inputs[slot]!.type})`;
  }
}

/** The Graph a litegraph graph shows now. */
export function readGraph(source: LGraphT): Graph {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  for (const node of source.nodes as StyleNode[]) {
    const id = String(node.id);
    const type = String(node.type);
    const title = node.title && node.title !== id ? { title: node.title } : {};
    const collapsed = node.flags.collapsed ? { collapsed: true as const } : {};
    nodes.push({ id, type, params: readParams(node), ui: { pos: [Math.round(node.pos[0]), Math.round(node.pos[1])], ...title, ...collapsed } });
    for (const input of node.inputs) {
      if (input.link == null) continue;
      const link = source.links.get(input.link);
      const origin = link && source.getNodeById(link.origin_id);
      const out = origin?.outputs[link!.origin_slot];
      if (origin && out) edges.push({ from: `${String(origin.id)}.${out.name}`, to: `${id}.${input.name}` });
    }
  }
  const groups = source.groups.map(readGroup);
  return { format: GRAPH_FORMAT, version: GRAPH_VERSION, nodes, edges, ...(groups.length ? { groups } : {}) };
}

/** litegraph's group colour when none is chosen ("No color" deletes it). */
const DEFAULT_GROUP_COLOR = '#aaaaaa';

function readGroup(group: LGroup): GraphGroup {
  const [x, y, w, h] = group._bounding;
  return {
    title: group.title,
    color: group.color && COLOR_PATTERN.test(group.color) ? group.color : DEFAULT_GROUP_COLOR,
    bounds: [Math.round(x!), Math.round(y!), Math.round(w!), Math.round(h!)],
  };
}

/** A node's params: its widgets' values in catalogue order, then the ones the catalogue does not know. */
function readParams(node: StyleNode): Record<string, ParamValue> {
  const params: Record<string, ParamValue> = { ...node.extraParams };
  for (const spec of nodeDef(String(node.type))?.params ?? []) {
    const value = node.widgets?.find((w) => w.name === spec.name)?.value;
    params[spec.name] = isParamValue(value) ? value : spec.default;
  }
  return params;
}

/** Puts params into a node's widgets; the ones the catalogue does not know go to extraParams. */
function setParams(node: StyleNode, params: Readonly<Record<string, ParamValue>>): void {
  const def = nodeDef(String(node.type));
  for (const [name, value] of Object.entries(params)) {
    const widget = node.widgets?.find((w) => w.name === name);
    if (widget && def?.params.some((p) => p.name === name)) widget.value = value;
    else node.extraParams[name] = value;
  }
}

/** The canonical text of what the canvas shows. */
export function canonicalText(source: LGraphT): string {
  return writeCanonical(readGraph(source));
}

/** Sets a param through its widget, as a user would. False when unknown or out of the param's range. */
export function setParam(node: LNode, name: string, value: ParamValue, canvas?: unknown): boolean {
  const spec = nodeDef(String(node.type))?.params.find((p) => p.name === name);
  const widget = node.widgets?.find((w) => w.name === name) as (LWidget & { setValue?: (v: unknown, o: object) => void }) | undefined;
  if (!spec || !widget || paramProblem(spec, value)) return false;
  if (canvas && typeof widget.setValue === 'function') {
    // What litegraph does for a user's edit: set, then the widget's callback.
    widget.setValue(value, { e: undefined, node, canvas });
  } else {
    widget.value = value;
    (widget.callback as ((v: unknown) => void) | undefined)?.(value);
  }
  return true;
}

function isParamValue(v: unknown): v is ParamValue {
  return typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean';
}

function portSpec(node: LNode, port: string): PortSpec | undefined {
  return nodeDef(String(node.type))?.inputs.find((p) => p.name === port);
}

function isMultiple(node: LNode, port: string): boolean {
  return portSpec(node, port)?.multiple === true;
}

/** Keeps exactly one free slot, the last, in each `multiple` port's run of slots. */
export function tidyMultipleSlots(node: LNode): void {
  const def = nodeDef(String(node.type));
  for (const port of def?.inputs.filter((p) => p.multiple) ?? []) {
    for (;;) {
      const slots = node.inputs.map((s, i) => ({ s, i })).filter(({ s }) => s.name === port.name);
      const last = slots[slots.length - 1];
      if (!last || last.s.link != null) {
        addPortSlot(node, port);
        continue;
      }
      const extra = slots.find(({ s }) => s !== last.s && s.link == null);
      if (!extra) break;
      node.removeInput(extra.i);
    }
  }
}

function addPortSlot(node: LNode, port: PortSpec): void {
  // nameLocked: litegraph's "Rename Slot" would rename nothing in the file.
  const slot = node.addInput(port.name, port.type, { label: port.optional ? `${port.name}?` : port.name, nameLocked: true });
  (slot as { tooltip?: string }).tooltip = portTooltip(port);
}

/** A port's tooltip: its type and what it carries. */
export function portTooltip(port: PortSpec): string {
  return `${port.name} (${port.type}${port.optional ? ', optional' : ''}${port.multiple ? ', any number' : ''}): ${port.doc}`;
}

/** A widget's tooltip: the param's doc and its range or choices. */
export function paramTooltip(spec: ParamSpec): string {
  switch (spec.kind) {
    case 'number':
      return `${spec.name}: ${spec.doc} (${spec.integer ? 'whole number ' : ''}${spec.min} to ${spec.max}, default ${spec.default})`;
    case 'enum':
      return `${spec.name}: ${spec.doc} (one of ${spec.options.length}, default ${spec.default})`;
    case 'boolean':
    case 'string':
      return `${spec.name}: ${spec.doc} (default ${JSON.stringify(spec.default)})`;
  }
}

/**
 * The litegraph menu entries whose effect is saved in the file (or that change nothing in it):
 * every other entry (Mode, Convert to Subgraph, Pin, Colors of nodes, Shapes, Resize,
 * Properties, Font size, ...) would change the canvas and be lost on save, so it is not offered.
 */
const PERSISTED_MENU_ENTRIES = new Set([
  'Add Node', 'Add Group', 'Edit Group', 'Align', 'Align Selected To', 'Distribute Nodes',
  'Title', 'Collapse', 'Expand', 'Clone', 'Remove', 'Color', 'Delete Reroute', 'Disconnect Links',
]);

type MenuEntry = { content?: string } | null | string;

/** A litegraph menu without the entries that would not be saved (and without doubled or edge separators). */
export function persistedMenu<T extends MenuEntry>(options: readonly T[]): T[] {
  const kept = options.filter((o) => o === null || (typeof o === 'object' && PERSISTED_MENU_ENTRIES.has(o.content ?? '')));
  return kept.filter((o, i) => o !== null || (i > 0 && i < kept.length - 1 && kept[i - 1] !== null));
}

/** Which nodes take a dragged link: inputs of `input` type (dragged from an output), or outputs of `output` type (dragged from an input). */
export interface PortFilter {
  readonly input?: string;
  readonly output?: string;
}

/** The node types the search box lists for `query` (in the type or title), best match first, only those that fit `filter`. */
export function searchNodeTypes(query: string, filter: PortFilter = {}): string[] {
  const q = query.trim().toLowerCase();
  // Exact names first, then names that start with the query, then the rest (Enter takes the first).
  const rank = (def: NodeDef): number => {
    const names = [def.type.toLowerCase(), def.title.toLowerCase()];
    if (!q || names.includes(q)) return 0;
    if (names.some((n) => n.startsWith(q))) return 1;
    return names.some((n) => n.includes(q)) ? 2 : 3;
  };
  return NODE_DEFS.filter((def) =>
    rank(def) < 3
    && (filter.input === undefined || def.inputs.some((p) => p.type === filter.input))
    && (filter.output === undefined || def.outputs.some((p) => p.type === filter.output)),
  ).sort((a, b) => rank(a) - rank(b)).map((def) => def.type);
}

const registered = new WeakSet<Litegraph>();

function registerNodeTypes(lg: Litegraph): void {
  if (registered.has(lg)) return;
  registered.add(lg);
  for (const def of NODE_DEFS) {
    lg.LiteGraph.registerNodeType(def.type, nodeClass(lg, def));
    // registerNodeType takes the category from a "category/name" type; ours are dotted names.
    (lg.LiteGraph.registered_node_types[def.type] as unknown as { category: string }).category = def.category;
  }
}

function nodeClass(lg: Litegraph, def: NodeDef): unknown {
  return class extends lg.LGraphNode implements StyleNodeFields {
    static title = def.title;
    static desc = def.doc;
    extraParams: Record<string, ParamValue> = {};

    constructor(title?: string) {
      super(title ?? def.title);
      // A rename (litegraph's title editor sets `title`) is a change of the file like any other.
      let current = this.title;
      Object.defineProperty(this, 'title', {
        get: () => current,
        set: (value: string) => {
          if (value === current) return;
          current = value;
          const graph = this.graph as StyleGraph | null;
          if (graph && !graph.loading) graph.onStyleChange?.();
        },
      });
      for (const port of def.inputs) addPortSlot(this, port);
      for (const port of def.outputs) {
        const slot = this.addOutput(port.name, port.type);
        Object.assign(slot, { tooltip: portTooltip(port), nameLocked: true });
      }
      for (const spec of def.params) {
        const w = widgetSpec(spec);
        const widget = this.addWidget(w.type, spec.name, spec.default, (value: unknown) => this.paramChanged(spec, value), { ...w.options, values: w.options.values ? [...w.options.values] : undefined });
        widget.tooltip = paramTooltip(spec);
      }
    }

    /** litegraph's clipboard and Clone copy a node through serialize/configure: its params go with it. */
    onSerialize(o: Record<string, unknown>): void {
      o[PARAMS_KEY] = readParams(this as unknown as StyleNode);
      // A title that is only the id is not the user's: the copy shows its own id.
      if (this.title === String(this.id)) delete o.title;
    }

    onConfigure(info: Record<string, unknown>): void {
      const params = info[PARAMS_KEY];
      Reflect.deleteProperty(this, PARAMS_KEY); // configure copied it onto the node
      if (typeof params === 'object' && params !== null) setParams(this as unknown as StyleNode, params as Record<string, ParamValue>);
      if (!info.title) this.title = ''; // the graph gives it its id as title once added
      if (def.inputs.some((p) => p.multiple)) tidyMultipleSlots(this);
    }

    /**
     * litegraph "bypasses" a deleted node by wiring its inputs to its outputs of the same type (a
     * deleted weight would put its loss straight into the sum): that would change the objective
     * behind the user's back. A deleted node takes its links with it.
     */
    connectInputToOutput(): boolean {
      return false;
    }

    private paramChanged(spec: ParamSpec, value: unknown): void {
      const widget = this.widgets?.find((w) => w.name === spec.name);
      const fixed = normaliseParam(spec, value);
      if (widget && widget.value !== fixed) widget.value = fixed;
      (this.graph as StyleGraph | null)?.onStyleChange?.();
    }

    computeSize(out?: unknown): Float32Array | [number, number] {
      const size = super.computeSize(out);
      if (showsThumbnail(def.type)) size[1] += THUMBNAIL_HEIGHT;
      if (showsResult(def.type)) {
        size[0] = Math.max(size[0]!, RESULT_WIDTH);
        size[1] += RESULT_HEIGHT;
      }
      return size;
    }

    onDrawBackground(ctx: unknown): void {
      if (this.flags.collapsed) return;
      const graph = this.graph as StyleGraph | null;
      if (showsThumbnail(def.type)) graph?.drawThumbnail?.(this, ctx);
      if (showsResult(def.type)) graph?.drawResult?.(this, ctx);
    }

    onDrawForeground(ctx: unknown): void {
      if (!this.flags.collapsed) (this.graph as StyleGraph | null)?.drawOver?.(this, ctx);
    }

    /** Collapsing is saved in the file: a change like any other. */
    collapse(force?: boolean): void {
      super.collapse(force);
      const graph = this.graph as StyleGraph | null;
      if (graph && !graph.loading) graph.onStyleChange?.();
    }

        onConnectionsChange(): void {
      if (def.inputs.some((p) => p.multiple)) tidyMultipleSlots(this);
      const graph = this.graph as StyleGraph | null;
      if (graph && !graph.loading) graph.onStyleChange?.();
    }
  };
}

function styleGraphClass(lg: Litegraph): new () => StyleGraph {
  return class extends lg.LGraph {
    loading = false;
    onStyleChange?: () => void;

    override add(node: LNode, skipComputeOrder?: boolean): unknown {
      if (node instanceof lg.LGraphNode && (typeof node.id !== 'string' || !NODE_ID_PATTERN.test(node.id) || this.getNodeById(node.id))) {
        node.id = freshNodeId(String(node.type), new Set(this.nodes.map((n) => String(n.id))));
      }
      // Unless the user titled it, the title shows the id: problems and the file name nodes by id.
      if (node instanceof lg.LGraphNode) {
        if (!node.title || node.title === nodeDef(String(node.type))?.title) node.title = String(node.id);
        // Wide enough for the id (about 9 px a character at litegraph's title font, plus the dot and margins).
        const size = (node as unknown as { size?: [number, number] }).size;
        if (size) size[0] = Math.max(size[0], 50 + 9 * node.title.length);
      }
      const added = super.add(node, skipComputeOrder);
      if (!this.loading) this.onStyleChange?.();
      return added;
    }

    override remove(node: LNode): void {
      super.remove(node);
      if (!this.loading) this.onStyleChange?.();
    }
  } as unknown as new () => StyleGraph;
}
