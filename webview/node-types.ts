/**
 * Registers every catalogue node type with litegraph (no per-type code): ports as slots, params as
 * widgets, params carried through litegraph's clipboard, the room below the widgets that
 * node-geometry decides, and every change reported to the graph.
 */
import { NODE_DEFS } from '../src/core/nodes/catalogue';
import type { NodeDef, ParamSpec, ParamValue } from '../src/core/nodes/types';
import { NODE_SLOT_HEIGHT, NODE_TITLE_HEIGHT, NODE_WIDGET_HEIGHT, roomBelowWidgets, showsResult, showsThumbnail } from '../src/core/graph/node-geometry';
import type { Litegraph } from './litegraph-types';
import { normaliseParam, paramTooltip, widgetSpec } from './param-widgets';
import { addPortSlot, labelWeightedSlots, portTooltip, tidyMultipleSlots } from './port-slots';
import { readParams, setParams } from './node-params';
import { guardNumberWidget } from './number-input';
import type { StyleGraph, StyleNode, StyleNodeFields } from './style-graph';

/** Where a node's params travel in litegraph's serialised form (its clipboard and Clone). */
const PARAMS_KEY = 'stylegraphParams';
/** Where a node's bypass travels in the same form: a copy of a bypassed term is bypassed. */
const BYPASS_KEY = 'stylegraphBypass';

const registered = new WeakSet<Litegraph>();

/** Registers the catalogue's node types with `lg` (once per module), at node-geometry's sizes. */
export function registerNodeTypes(lg: Litegraph): void {
  if (registered.has(lg)) return;
  registered.add(lg);
  Object.assign(lg.LiteGraph, { NODE_TITLE_HEIGHT, NODE_SLOT_HEIGHT, NODE_WIDGET_HEIGHT });
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
    bypass = false;

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
      // A 1-px edge in the theme's border colour (LiteGraph.NODE_EDGE_COLOR, canvas-view.ts): nodes stand out on light themes too.
      const strokes = (this as unknown as { strokeStyles?: Record<string, () => unknown> }).strokeStyles;
      if (strokes) {
        strokes.edge = () => {
          const color = (lg.LiteGraph as unknown as Record<string, unknown>).NODE_EDGE_COLOR;
          return typeof color === 'string' && color !== '' ? { color, padding: 0 } : undefined;
        };
      }
      for (const port of def.inputs) addPortSlot(this, port);
      for (const port of def.outputs) {
        const slot = this.addOutput(port.name, port.type);
        Object.assign(slot, { tooltip: portTooltip(port), nameLocked: true });
      }
      for (const spec of def.params) {
        const w = widgetSpec(spec);
        const widget = this.addWidget(w.type, spec.name, spec.default, (value: unknown) => this.paramChanged(spec, value), { ...w.options, values: w.options.values ? [...w.options.values] : undefined });
        widget.tooltip = paramTooltip(spec);
        if (spec.kind === 'number') guardNumberWidget(widget as never, spec, (message) => (this.graph as StyleGraph | null)?.onParamRefused?.(String(this.id), message));
      }
    }

    /** litegraph's clipboard and Clone copy a node through serialize/configure: its params go with it. */
    onSerialize(o: Record<string, unknown>): void {
      o[PARAMS_KEY] = readParams(this as unknown as StyleNode);
      if (this.bypass) o[BYPASS_KEY] = true;
      // A title that is only the id is not the user's: the copy shows its own id.
      if (this.title === String(this.id)) delete o.title;
    }

    onConfigure(info: Record<string, unknown>): void {
      const params = info[PARAMS_KEY];
      Reflect.deleteProperty(this, PARAMS_KEY); // configure copied it onto the node
      Reflect.deleteProperty(this, BYPASS_KEY);
      this.bypass = info[BYPASS_KEY] === true;
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
      labelWeightedSlots(this);
      (this.graph as StyleGraph | null)?.onStyleChange?.();
    }

    computeSize(out?: unknown): Float32Array | [number, number] {
      const size = super.computeSize(out);
      const room = roomBelowWidgets(def.type);
      size[0] = Math.max(size[0]!, room.minWidth);
      size[1] += room.height;
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
