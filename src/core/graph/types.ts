import type { ParamValue } from '../nodes/types';

export const GRAPH_FORMAT = 'stylegraph';
/**
 * The newest format version this code reads. Version 2 adds node titles, collapsed nodes, groups
 * and bypassed nodes; a file that uses none of them is written as version 1 (see graphVersion).
 */
export const GRAPH_VERSION = 2;

/** How a node shows on the canvas; none of it changes what the graph computes. */
export interface NodeUi {
  readonly pos: readonly [number, number];
  /** A title the user gave the node (the canvas shows the id otherwise). Version 2. */
  readonly title?: string;
  /** Shown as its title bar only. Version 2. */
  readonly collapsed?: true;
}

export interface GraphNode {
  readonly id: string;
  readonly type: string;
  readonly params: Readonly<Record<string, ParamValue>>;
  /**
   * A term switched off without deleting it (version 2): its value is left out of every sum it
   * reaches (see bypass.ts). Only nodes with a scalar output (terms) may be bypassed.
   */
  readonly bypass?: true;
  readonly ui: NodeUi;
}

/** A titled, coloured box drawn behind nodes on the canvas. Version 2. */
export interface GraphGroup {
  readonly title: string;
  /** A CSS hex colour, e.g. "#3f789e". */
  readonly color: string;
  /** x, y, width, height in canvas units. */
  readonly bounds: readonly [number, number, number, number];
}

/** `from` is "node.outputPort", `to` is "node.inputPort". */
export interface GraphEdge {
  readonly from: string;
  readonly to: string;
}

export interface Graph {
  readonly format: typeof GRAPH_FORMAT;
  readonly version: number;
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  /** Absent or empty when the file has none. */
  readonly groups?: readonly GraphGroup[];
}

/** The version a graph's file is written as: 2 when it uses a version-2 field, else 1 (so version-1 files stay byte-identical). */
export function graphVersion(graph: Pick<Graph, 'nodes' | 'groups'>): 1 | 2 {
  if (graph.groups?.length) return 2;
  return graph.nodes.some((n) => n.ui.title !== undefined || n.ui.collapsed || n.bypass) ? 2 : 1;
}

export interface PortRef {
  readonly node: string;
  readonly port: string;
}

/** Splits "node.port" at its last dot; undefined when there is no dot. */
export function parsePortRef(ref: string): PortRef | undefined {
  const dot = ref.lastIndexOf('.');
  if (dot <= 0 || dot === ref.length - 1) return undefined;
  return { node: ref.slice(0, dot), port: ref.slice(dot + 1) };
}
