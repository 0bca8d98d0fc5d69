import type { ParamValue } from '../nodes/types';

export const GRAPH_FORMAT = 'stylegraph';
export const GRAPH_VERSION = 1;

export interface GraphNode {
  readonly id: string;
  readonly type: string;
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly ui: { readonly pos: readonly [number, number] };
}

/** `from` is "node.outputPort", `to` is "node.inputPort". */
export interface GraphEdge {
  readonly from: string;
  readonly to: string;
}

export interface Graph {
  readonly format: typeof GRAPH_FORMAT;
  readonly version: typeof GRAPH_VERSION;
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
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
