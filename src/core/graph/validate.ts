import type { Graph, GraphNode } from './types';
import { parsePortRef } from './types';
import type { Problem } from './problems';
import { quote } from '../text/quote';
import { MinHeap } from './min-heap';
import { inferShapes, type FileSizes } from './shapes';
import type { NodeDef, ParamSpec, ParamValue, Shape } from '../nodes/types';
import { NODE_DEFS, nodeDef } from '../nodes/catalogue';
import { suggestion } from './suggest';
import { ancestors, indexEdges, type EdgeIndex, type ResolvedEdge } from './edge-index';
import { bypassState } from './bypass';
import { danglingTerms } from './dangling-terms';

export interface Validation {
  readonly problems: readonly Problem[];
  readonly edges: readonly ResolvedEdge[];
  readonly index: EdgeIndex;
  /** The nodes outside cycles in dependency order (among ready nodes, file order first). */
  readonly order: readonly GraphNode[];
  /** Every node's output shape where it is known (with the files' sizes when given them). */
  readonly shapes: ReadonlyMap<GraphNode, Shape>;
  /** The nodes left out of J: bypassed, or fed by a bypassed term (bypass.ts). */
  readonly off: ReadonlySet<GraphNode>;
}

export interface ValidateOptions {
  /** Sizes of the files source nodes read, once known: their shapes are checked with them. */
  readonly fileSizes?: FileSizes;
}

/**
 * Every semantic problem of a graph at once: ids, types, params, edges, inputs, cycles,
 * optimizers and shapes. Iterative and O(n log n) in the number of nodes and edges.
 */
export function validateGraph(graph: Graph, options: ValidateOptions = {}): Validation {
  const problems: Problem[] = [];
  const nodes = new Map<string, GraphNode>();
  /** Nodes whose own params or inputs are wrong: their shapes are not inferred. */
  const broken = new Set<GraphNode>();
  for (const node of graph.nodes) {
    if (nodes.has(node.id)) problems.push({ code: 'duplicate-id', message: `node "${node.id}": the id is used by more than one node`, nodeId: node.id });
    else nodes.set(node.id, node);
    const def = nodeDef(node.type);
    const own = def ? checkParams(node, def) : [{ code: 'unknown-type' as const, message: `node "${node.id}": unknown node type ${quote(node.type)}${suggestion(node.type, NODE_TYPES, 'type')}`, nodeId: node.id }];
    if (own.length) broken.add(node);
    problems.push(...own);
  }
  const edges = resolveEdges(graph, nodes, problems);
  const index = indexEdges(graph.nodes, edges);
  problems.push(...checkInputs(graph, index, broken), ...checkNodeRules(graph, index, broken));
  const { order, leftover } = topologicalOrder(graph.nodes, index);
  problems.push(...cycleProblems(graph.nodes, leftover, index), ...checkOptimizers(graph, index), ...checkVideoOutputs(graph, index));
  const bypass = bypassState(order, index);
  problems.push(...bypass.problems, ...danglingTerms(graph.nodes, index, bypass.off));
  const inferred = inferShapes(order, index, broken, options.fileSizes);
  problems.push(...inferred.problems);
  return { problems, edges, index, order, shapes: inferred.shapes, off: bypass.off };
}

const NODE_TYPES = NODE_DEFS.map((d) => d.type);

/**
 * True when what validateGraph says of a graph can change with the value of one of `node`'s params
 * beyond paramProblem's verdict on that value alone: its type's validate or inferShape hook reads
 * its params (an unknown type counts too). No other check reads a param, so two graphs that differ
 * only in valid values of params of nodes without those hooks get the same problems; a sweep
 * validates one combination per value of the params where this is true (combination-problems.ts).
 */
export function paramsReachChecks(node: GraphNode): boolean {
  const def = nodeDef(node.type);
  return !def || def.validate !== undefined || def.inferShape !== undefined;
}

function checkParams(node: GraphNode, def: NodeDef): Problem[] {
  const problems: Problem[] = [];
  const known = new Set(def.params.map((p) => p.name));
  for (const name of Object.keys(node.params)) {
    if (!known.has(name)) {
      problems.push({ code: 'unknown-param', message: `node "${node.id}" (${def.type}): unknown param ${quote(name)}${suggestion(name, [...known], 'param')}`, nodeId: node.id, param: name });
    }
  }
  for (const spec of def.params) {
    const why = paramProblem(spec, Object.hasOwn(node.params, spec.name) ? node.params[spec.name] : undefined);
    if (why) {
      problems.push({ code: why.code, message: `node "${node.id}" (${def.type}): param ${spec.name}: ${why.message}`, nodeId: node.id, param: spec.name });
    }
  }
  return problems;
}

/** Why a value does not suit a param, or undefined when it does. Used by the canvas widgets too. */
export function paramProblem(spec: ParamSpec, value: ParamValue | undefined): { code: 'param-type' | 'param-range'; message: string } | undefined {
  const expected = spec.kind === 'enum' ? 'string' : spec.kind;
  if (typeof value !== expected) return { code: 'param-type', message: `expected a ${expected}, found ${quote(value)}` };
  if (spec.kind === 'enum' && !spec.options.includes(value as string)) {
    return { code: 'param-range', message: `${quote(value)} is not one of ${spec.options.join(', ')}` };
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
    const where = () => `edge ${index} (${quote(edge.from)} -> ${quote(edge.to)})`;
    const end = (ref: string, side: 'from' | 'to') => {
      const parsed = parsePortRef(ref);
      if (!parsed) {
        problems.push({ code: 'bad-edge', message: `edge ${index}: "${side}" must look like "node.port", found ${quote(ref)}`, edge: index });
        return undefined;
      }
      const node = nodes.get(parsed.node);
      if (!node) {
        problems.push({ code: 'dangling-edge', message: `${where()}: no node ${quote(parsed.node)}`, edge: index });
        return undefined;
      }
      const def = nodeDef(node.type);
      if (!def) return undefined;
      const ports = side === 'from' ? def.outputs : def.inputs;
      const port = ports.find((p) => p.name === parsed.port);
      if (!port) {
        const have = ports.map((p) => p.name).join(', ') || 'none';
        problems.push({ code: 'unknown-port', message: `node "${node.id}" (${def.type}): no ${side === 'from' ? 'output' : 'input'} port ${quote(parsed.port)} (it has: ${have})`, nodeId: node.id, port: parsed.port, edge: index });
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
        message: `node "${to.node.id}": input ${to.port.name} takes ${to.port.type}, but ${quote(edge.from)} gives ${from.port.type}`,
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

/** Missing and extra input edges; adds each node that has one to `broken`. */
function checkInputs(graph: Graph, index: EdgeIndex, broken: Set<GraphNode>): Problem[] {
  const problems: Problem[] = [];
  for (const node of graph.nodes) {
    const def = nodeDef(node.type);
    const edges = index.incoming.get(node) ?? [];
    for (const port of def?.inputs ?? []) {
      const count = edges.filter((e) => e.to.port === port).length;
      if (count === 0 && !port.optional) {
        broken.add(node);
        problems.push({ code: 'missing-input', message: `node "${node.id}" (${node.type}): input ${port.name} (${port.type}) is not connected`, nodeId: node.id, port: port.name });
      }
      if (count > 1 && !port.multiple) {
        broken.add(node);
        problems.push({ code: 'extra-input', message: `node "${node.id}" (${node.type}): input ${port.name} has ${count} edges; it takes one`, nodeId: node.id, port: port.name });
      }
    }
  }
  return problems;
}

/** Each node's validate hook (rules between its params and connections), for nodes not already broken. */
function checkNodeRules(graph: Graph, index: EdgeIndex, broken: Set<GraphNode>): Problem[] {
  const problems: Problem[] = [];
  for (const node of graph.nodes) {
    const def = nodeDef(node.type);
    if (!def?.validate || broken.has(node)) continue;
    const edges = index.incoming.get(node)!;
    for (const p of def.validate(node.params, { connected: (port) => edges.filter((e) => e.to.port.name === port).length })) {
      broken.add(node);
      problems.push({ ...p, nodeId: node.id, message: `node "${node.id}" (${def.type}): ${p.param ? `param ${p.param}: ` : ''}${p.message}` });
    }
  }
  return problems;
}

/** Kahn's algorithm, taking the ready node that comes first in the file, so plans are stable. */
function topologicalOrder(nodes: readonly GraphNode[], index: EdgeIndex): { order: GraphNode[]; leftover: Set<GraphNode> } {
  const position = new Map(nodes.map((n, i) => [n, i]));
  const pending = new Map(nodes.map((n) => [n, index.incoming.get(n)!.length]));
  const ready = new MinHeap();
  nodes.forEach((n, i) => pending.get(n) === 0 && ready.push(i));
  const order: GraphNode[] = [];
  while (ready.size) {
    const node = nodes[ready.pop()!]!;
    order.push(node);
    for (const e of index.outgoing.get(node)!) {
      const left = pending.get(e.to.node)! - 1;
      pending.set(e.to.node, left);
      if (left === 0) ready.push(position.get(e.to.node)!);
    }
  }
  const placed = new Set(order);
  return { order, leftover: new Set(nodes.filter((n) => !placed.has(n))) };
}

const CYCLE_IDS_SHOWN = 8;

/**
 * One problem per cycle among the nodes Kahn's algorithm could not place. Each of them has a
 * predecessor among them, so walking predecessors always closes a loop; every node is walked once.
 */
function cycleProblems(nodes: readonly GraphNode[], leftover: ReadonlySet<GraphNode>, index: EdgeIndex): Problem[] {
  const position = new Map(nodes.map((n, i) => [n, i]));
  const walked = new Set<GraphNode>();
  const problems: Problem[] = [];
  for (const start of nodes) {
    if (!leftover.has(start) || walked.has(start)) continue;
    const trail: GraphNode[] = [];
    const onTrail = new Map<GraphNode, number>();
    let node: GraphNode | undefined = start;
    while (node && !walked.has(node)) {
      walked.add(node);
      onTrail.set(node, trail.length);
      trail.push(node);
      node = index.incoming.get(node)!.map((e) => e.from.node).find((n) => leftover.has(n));
    }
    if (!node || !onTrail.has(node)) continue; // led into a cycle reported already
    // The trail runs against the edges: reverse it, then start at the loop's first node in the file.
    const loop = trail.slice(onTrail.get(node)!).reverse();
    const first = loop.reduce((best, n, i) => (position.get(n)! < position.get(loop[best]!)! ? i : best), 0);
    const ordered = [...loop.slice(first), ...loop.slice(0, first)];
    const shown = ordered.length > CYCLE_IDS_SHOWN ? [...ordered.slice(0, CYCLE_IDS_SHOWN).map((n) => n.id), `… (${ordered.length} nodes)`] : ordered.map((n) => n.id);
    const head = ordered[0]!;
    problems.push({ code: 'cycle', message: `node "${head.id}": cycle ${[...shown, head.id].join(' -> ')}`, nodeId: head.id });
  }
  return problems;
}

/** The nodes whose type declares `role`, in file order. */
export function nodesWithRole(nodes: readonly GraphNode[], role: NonNullable<NodeDef['role']>): GraphNode[] {
  return nodes.filter((n) => nodeDef(n.type)?.role === role);
}

/**
 * A video output (NodeDef.video) encodes the frames a frame run writes at --out: the graph needs a
 * frames source, and the output's image must be the optimizer's result.
 */
function checkVideoOutputs(graph: Graph, index: EdgeIndex): Problem[] {
  const problems: Problem[] = [];
  const framed = graph.nodes.some((n) => nodeDef(n.type)?.frames === true);
  for (const node of graph.nodes.filter((n) => nodeDef(n.type)?.video === true)) {
    const label = `node "${node.id}" (${node.type})`;
    if (!framed) problems.push({ code: 'video-output', message: `${label}: a video is made of a frame run's frames, and the graph has no frames source (video.frames)`, nodeId: node.id });
    for (const e of index.incoming.get(node)!) {
      if (nodeDef(e.from.node.type)?.role !== 'optimizer') {
        problems.push({ code: 'video-output', message: `${label}: its ${e.to.port.name} must be the optimizer's result (the frames written at --out), not node "${e.from.node.id}"'s ${e.from.port.name}`, nodeId: node.id, port: e.to.port.name, edge: e.index });
      }
    }
  }
  return problems;
}

function checkOptimizers(graph: Graph, index: EdgeIndex): Problem[] {
  const optimizers = nodesWithRole(graph.nodes, 'optimizer');
  const problems: Problem[] = [];
  // A graph of result nodes without an optimizer is evaluated once (face verification).
  if (optimizers.length === 0 && nodesWithRole(graph.nodes, 'result').length > 0) {
    const generated = nodesWithRole(graph.nodes, 'generated')[0];
    if (generated) problems.push({ code: 'generated-count', message: `node "${generated.id}" (image.generated): a graph without an optimizer is evaluated once and has no image to optimise`, nodeId: generated.id });
    return problems;
  }
  if (optimizers.length !== 1) {
    const ids = optimizers.map((n) => `"${n.id}"`).slice(0, CYCLE_IDS_SHOWN).join(', ');
    problems.push({
      code: 'optimizer-count',
      message: `the graph needs exactly one optimizer node, it has ${optimizers.length}${ids ? ` (${ids}${optimizers.length > CYCLE_IDS_SHOWN ? ', …' : ''})` : ''}`,
      ...(optimizers[1] ? { nodeId: optimizers[1].id } : { path: 'nodes' }),
    });
  }
  for (const opt of optimizers) {
    const upstream = ancestors(opt, index);
    const generated = nodesWithRole(graph.nodes, 'generated').filter((n) => upstream.has(n));
    if (generated.length !== 1 && index.incoming.get(opt)!.length > 0) {
      const ids = generated.map((n) => `"${n.id}"`).slice(0, CYCLE_IDS_SHOWN).join(', ');
      problems.push({ code: 'generated-count', message: `node "${opt.id}" (optimizer): its loss must depend on exactly one image.generated node, it depends on ${generated.length}${ids ? ` (${ids})` : ''}`, nodeId: opt.id });
    }
    for (const e of index.outgoing.get(opt)!) {
      if (nodeDef(e.to.node.type)?.role !== 'output') {
        problems.push({ code: 'optimizer-output', message: `node "${e.to.node.id}": the optimizer's result can only go to image.output nodes`, nodeId: e.to.node.id, port: e.to.port.name, edge: e.index });
      }
    }
  }
  return problems;
}
