/** The litegraph graph and nodes the editor uses: ids are our node ids, titles show them, and every user change is reported. */
import { nodeDef } from '../src/core/nodes/catalogue';
import type { ParamValue } from '../src/core/nodes/types';
import { NODE_ID_PATTERN } from '../src/core/graph/parse';
import { titleWidth } from '../src/core/graph/node-geometry';
import type { LGraphT, LNode, Litegraph } from './litegraph-types';

/** A fresh node id for a node made on the canvas: its type's name and the first free number. */
export function freshNodeId(type: string, taken: ReadonlySet<string>): string {
  const base = type.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^[^A-Za-z_]/, '_$&');
  for (let n = 1; ; n++) {
    const id = `${base}_${n}`;
    if (!taken.has(id)) return id;
  }
}

/** What a stylegraph node carries beyond litegraph's own fields. */
export interface StyleNodeFields {
  /** Params the catalogue does not know (an older or newer file): kept so a round trip loses nothing. */
  extraParams: Record<string, ParamValue>;
  /** A term switched off (the file's `"bypass": true`; src/core/graph/bypass.ts): drawn greyed, left out of J. */
  bypass: boolean;
}

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
  /** Called when a widget refuses what was typed or stepped into it (number-input.ts), with why and the range it takes. */
  onParamRefused?: (nodeId: string, message: string) => void;
  loading: boolean;
  /** Draws a node's thumbnail (inspect-thumbnails.ts) in the THUMBNAIL_HEIGHT under its widgets; `ctx` is the canvas's 2D context, at the node's origin. */
  drawThumbnail?: (node: LNode, ctx: unknown) => void;
  /** Draws a result node's report (evaluation-marks.ts) in the RESULT_HEIGHT under its widgets; `ctx` as for drawThumbnail. */
  drawResult?: (node: LNode, ctx: unknown) => void;
  /** Each node's key lines (core's nodeKeyLines), drawn in place of its widgets when zoomed out. */
  keyLines?: ReadonlyMap<string, readonly string[]>;
  /** Draws over any expanded node once it is drawn, e.g. a value at the right of its title bar (evaluation-marks.ts). */
  drawOver?: (node: LNode, ctx: unknown) => void;
}

/** The graph class of one litegraph module. */
export function styleGraphClass(lg: Litegraph): new () => StyleGraph {
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
        // Wide enough for the id.
        const size = (node as unknown as { size?: [number, number] }).size;
        if (size) size[0] = Math.max(size[0], titleWidth(node.title));
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
