import type { Graph, GraphNode } from './types';
import { parsePortRef } from './types';
import type { Problem } from './problems';
import type { NodeDef, ParamSpec, ParamValue, PortSpec } from '../nodes/types';
import { nodeDef } from '../nodes/catalogue';

/** An edge whose both ends exist, with their port specs. */
export interface ResolvedEdge {
  readonly index: number;
  readonly from: { readonly node: GraphNode; readonly port: PortSpec };
  readonly to: { readonly node: GraphNode; readonly port: PortSpec };
}

export interface Validation {
  readonly problems: readonly Problem[];
  readonly edges: readonly ResolvedEdge[];
}

/** Every semantic problem of a graph at once: ids, types, params, edges, inputs, cycles, optimizers. */
export function validateGraph(graph: Graph): Validation {
  const problems: Problem[] = [];
  const nodes = new Map<string, GraphNode>();
  for (const node of graph.nodes) {
    if (nodes.has(node.id)) problems.push({ code: 'duplicate-id', message: `node "${node.id}": the id is used by more than one node`, nodeId: node.id });
    else nodes.set(node.id, node);
    const def = nodeDef(node.type);
    if (!def) problems.push({ code: 'unknown-type', message: `node "${node.id}": unknown node type "${node.type}"`, nodeId: node.id });
    else problems.push(...checkParams(node, def));
  }
  const edges = resolveEdges(graph, nodes, problems);
  problems.push(...checkInputs(graph, edges), ...checkCycles(graph, edges), ...checkOptimizers(graph, edges));
  return { problems, edges };
}

function checkParams(node: GraphNode, def: NodeDef): Problem[] {
  const problems: Problem[] = [];
  const known = new Set(def.params.map((p) => p.name));
  for (const name of Object.keys(node.params)) {
    if (!known.has(name)) problems.push({ code: 'unknown-param', message: `node "${node.id}" (${def.type}): unknown param ${name}`, nodeId: node.id, param: name });
  }
  for (const spec of def.params) {
    const why = paramProblem(spec, node.params[spec.name]);
    if (why) {
      problems.push({ code: why.code, message: `node "${node.id}" (${def.type}): param ${spec.name}: ${why.message}`, nodeId: node.id, param: spec.name });
    }
  }
  return problems;
}

/** Why a value does not suit a param, or undefined when it does. Used by the canvas widgets too. */
export function paramProblem(spec: ParamSpec, value: ParamValue | undefined): { code: 'param-type' | 'param-range'; message: string } | undefined {
  const expected = spec.kind === 'enum' ? 'string' : spec.kind;
  if (typeof value !== expected) return { code: 'param-type', message: `expected a ${expected}, found ${JSON.stringify(value)}` };
  if (spec.kind === 'enum' && !spec.options.includes(value as string)) {
    return { code: 'param-range', message: `${JSON.stringify(value)} is not one of ${spec.options.join(', ')}` };
  }
  if (spec.kind === 'number') {
    const v = value as number;
    if (!Number.isFinite(v) || v < spec.min || v > spec.max) return { code: 'param-range', message: `${v} is outside ${spec.min}..${spec.max}` };
    if (spec.integer && !Number.isInteger(v)) return { code: 'param-range', message: `${v} must be a whole number` };
  }
  return undefined;
}

function resolveEdges(graph: Graph, nodes: ReadonlyMap<string, GraphNode>, problems: Problem[]): ResolvedEdge[] {
  const resolved: ResolvedEdge[] = [];
  graph.edges.forEach((edge, index) => {
    const end = (ref: string, side: 'from' | 'to') => {
      const parsed = parsePortRef(ref);
      if (!parsed) {
        problems.push({ code: 'bad-edge', message: `edge ${index}: "${side}" must look like "node.port", found "${ref}"`, edge: index });
        return undefined;
      }
      const node = nodes.get(parsed.node);
      if (!node) {
        problems.push({ code: 'dangling-edge', message: `edge ${index} (${edge.from} -> ${edge.to}): no node "${parsed.node}"`, edge: index });
        return undefined;
      }
      const def = nodeDef(node.type);
      if (!def) return undefined;
      const port = (side === 'from' ? def.outputs : def.inputs).find((p) => p.name === parsed.port);
      if (!port) {
        const have = (side === 'from' ? def.outputs : def.inputs).map((p) => p.name).join(', ') || 'none';
        problems.push({ code: 'unknown-port', message: `node "${node.id}" (${def.type}): no ${side === 'from' ? 'output' : 'input'} port "${parsed.port}" (it has: ${have})`, nodeId: node.id, port: parsed.port, edge: index });
        return undefined;
      }
      return { node, port };
    };
    const from = end(edge.from, 'from');
    const to = end(edge.to, 'to');
    if (!from || !to) return;
    if (from.port.type !== to.port.type) {
      problems.push({
        code: 'type-mismatch',
        message: `node "${to.node.id}": input ${to.port.name} takes ${to.port.type}, but ${edge.from} gives ${from.port.type}`,
        nodeId: to.node.id,
        port: to.port.name,
        edge: index,
      });
      return;
    }
    resolved.push({ index, from, to });
  });
  return resolved;
}

function checkInputs(graph: Graph, edges: readonly ResolvedEdge[]): Problem[] {
  const problems: Problem[] = [];
  for (const node of graph.nodes) {
    const def = nodeDef(node.type);
    for (const port of def?.inputs ?? []) {
      const count = edges.filter((e) => e.to.node === node && e.to.port === port).length;
      if (count === 0 && !port.optional) {
        problems.push({ code: 'missing-input', message: `node "${node.id}" (${node.type}): input ${port.name} (${port.type}) is not connected`, nodeId: node.id, port: port.name });
      }
      if (count > 1 && !port.multiple) {
        problems.push({ code: 'extra-input', message: `node "${node.id}" (${node.type}): input ${port.name} has ${count} edges; it takes one`, nodeId: node.id, port: port.name });
      }
    }
  }
  return problems;
}

function checkCycles(graph: Graph, edges: readonly ResolvedEdge[]): Problem[] {
  const next = new Map<GraphNode, GraphNode[]>(graph.nodes.map((n) => [n, []]));
  for (const e of edges) next.get(e.from.node)?.push(e.to.node);
  const state = new Map<GraphNode, 'open' | 'done'>();
  const problems: Problem[] = [];
  const visit = (node: GraphNode, trail: GraphNode[]): void => {
    if (state.get(node) === 'done') return;
    if (state.get(node) === 'open') {
      const loop = [...trail.slice(trail.indexOf(node)), node].map((n) => n.id);
      problems.push({ code: 'cycle', message: `node "${node.id}": cycle ${loop.join(' -> ')}`, nodeId: node.id });
      return;
    }
    state.set(node, 'open');
    for (const n of next.get(node) ?? []) visit(n, [...trail, node]);
    state.set(node, 'done');
  };
  for (const node of graph.nodes) visit(node, []);
  return problems;
}

/** Node ids upstream of `start` (inclusive), following resolved edges backwards. */
export function ancestors(start: GraphNode, edges: readonly ResolvedEdge[]): Set<GraphNode> {
  const seen = new Set<GraphNode>();
  const stack = [start];
  while (stack.length) {
    const node = stack.pop()!;
    if (seen.has(node)) continue;
    seen.add(node);
    for (const e of edges) if (e.to.node === node) stack.push(e.from.node);
  }
  return seen;
}

function checkOptimizers(graph: Graph, edges: readonly ResolvedEdge[]): Problem[] {
  const optimizers = graph.nodes.filter((n) => n.type === 'optimizer');
  const problems: Problem[] = [];
  if (optimizers.length !== 1) {
    const ids = optimizers.map((n) => `"${n.id}"`).join(', ');
    problems.push({ code: 'optimizer-count', message: `the graph needs exactly one optimizer node, it has ${optimizers.length}${ids ? ` (${ids})` : ''}`, ...(optimizers[1] && { nodeId: optimizers[1].id }) });
  }
  for (const opt of optimizers) {
    const upstream = ancestors(opt, edges);
    const generated = graph.nodes.filter((n) => n.type === 'image.generated' && upstream.has(n));
    if (generated.length !== 1 && edges.some((e) => e.to.node === opt)) {
      const ids = generated.map((n) => `"${n.id}"`).join(', ');
      problems.push({ code: 'generated-count', message: `node "${opt.id}" (optimizer): its loss must depend on exactly one image.generated node, it depends on ${generated.length}${ids ? ` (${ids})` : ''}`, nodeId: opt.id });
    }
    for (const e of edges) {
      if (e.from.node === opt && e.to.node.type !== 'image.output') {
        problems.push({ code: 'optimizer-output', message: `node "${e.to.node.id}": the optimizer's result can only go to image.output nodes`, nodeId: e.to.node.id, port: e.to.port.name, edge: e.index });
      }
    }
  }
  return problems;
}
