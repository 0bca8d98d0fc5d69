/**
 * Graph <-> litegraph, at the ui edge: loads a document into a litegraph graph and reads it back.
 * Node types come from the catalogue (node-types.ts); a `multiple` input (sum's terms) is a run
 * of dynamic input slots (port-slots.ts). litegraph's own serialize() is never used: the document
 * is always writeCanonical of readGraph(). No DOM here, so this runs in Node (tests) as in the
 * webview; litegraph itself is passed in, because the package is ESM-only and the tests are
 * CommonJS.
 */
import { nodeDef } from '../src/core/nodes/catalogue';
import { GRAPH_FORMAT, GRAPH_VERSION, parsePortRef, type Graph, type GraphEdge, type GraphGroup, type GraphNode } from '../src/core/graph/types';
import { writeCanonical } from '../src/core/graph/canonical';
import { COLOR_PATTERN } from '../src/core/graph/parse';
import { quote } from '../src/core/text/quote';
import type { LGraphT, LGroup, Litegraph } from './litegraph-types';
import { isMultiple } from './port-slots';
import { readParams, setParams } from './node-params';
import { registerNodeTypes } from './node-types';
import { isObjectMember, styleGraphClass, type StyleGraph, type StyleNode } from './style-graph';

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
        if (node.bypass) made.bypass = true;
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
    const bypass = node.bypass ? { bypass: true as const } : {};
    nodes.push({ id, type, params: readParams(node), ...bypass, ui: { pos: [Math.round(node.pos[0]), Math.round(node.pos[1])], ...title, ...collapsed } });
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

/** The canonical text of what the canvas shows. */
export function canonicalText(source: LGraphT): string {
  return writeCanonical(readGraph(source));
}
