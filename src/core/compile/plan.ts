import type { Graph, GraphNode } from '../graph/types';
import { GraphError } from '../graph/problems';
import { nodesWithRole, validateGraph, type ValidateOptions } from '../graph/validate';
import { ancestors, type EdgeIndex } from '../graph/edge-index';
import { liveIndex } from '../graph/bypass';
import { nodeDef } from '../nodes/catalogue';
import type { NodeDef, Shape } from '../nodes/types';

export interface InputSource {
  readonly node: GraphNode;
  readonly port: string;
}

export interface PlannedNode {
  readonly node: GraphNode;
  readonly def: NodeDef;
  /** Sources of each input port, in edge order. */
  readonly inputs: ReadonlyMap<string, readonly InputSource[]>;
}

/** How a validated graph runs: what is computed once, what each iteration computes. */
export interface Plan {
  readonly graph: Graph;
  readonly optimizer: GraphNode;
  readonly generated: PlannedNode;
  /** The node whose scalar the optimizer minimises. */
  readonly loss: GraphNode;
  /** Nodes that do not depend on the generated image, in dependency order: computed once. */
  readonly constants: readonly PlannedNode[];
  /** Nodes each iteration evaluates (the generated image and everything between it and the loss), in order. */
  readonly loop: readonly PlannedNode[];
  /** Scalar nodes of the loop whose values progress events report, in loop order. */
  readonly reported: readonly string[];
  readonly outputs: readonly PlannedNode[];
  /** Every node's output shape by node id, as validation inferred it (with the files' sizes when compiled with them). */
  readonly shapes: ReadonlyMap<string, Shape>;
  /** The forward passes of the constants and the loop: one per image and pooling. */
  readonly forward: ForwardPasses;
}

/** Validates a graph (with its files' sizes, when known) and plans its run; throws GraphError with every problem. */
export function compile(graph: Graph, source = 'graph', options: ValidateOptions = {}): Plan {
  const validation = validateGraph(graph, options);
  const { problems, order: dependencyOrder, shapes } = validation;
  if (problems.length) throw new GraphError(problems, source);
  // J without the bypassed terms: a sum adds the terms that are on (bypass.ts).
  const index = liveIndex(validation.index, validation.off);

  const optimizer = nodesWithRole(graph.nodes, 'optimizer')[0];
  if (!optimizer) throw new Error(`${source} has no optimizer: it is evaluated once (compileEvaluation), not optimised`);
  const loss = index.incoming.get(optimizer)![0]!.from.node;
  const lossAncestors = ancestors(loss, index);
  const generatedNode = nodesWithRole([...lossAncestors], 'generated')[0]!;
  const outputs = nodesWithRole(graph.nodes, 'output');
  const needed = new Set(lossAncestors);
  for (const o of outputs) for (const n of ancestors(o, index)) needed.add(n);
  needed.delete(optimizer);

  const order = dependencyOrder.filter((n) => needed.has(n));
  const dependsOnGenerated = new Set<GraphNode>();
  for (const node of order) {
    if (node === generatedNode || index.incoming.get(node)!.some((e) => dependsOnGenerated.has(e.from.node))) dependsOnGenerated.add(node);
  }
  const planned = new Map(order.map((n) => [n, plannedNode(n, index)]));
  const evaluated = order.filter((n) => planned.get(n)!.def.role !== 'output');
  const loop = evaluated.filter((n) => dependsOnGenerated.has(n) && lossAncestors.has(n)).map((n) => planned.get(n)!);

  return {
    graph,
    optimizer,
    generated: planned.get(generatedNode)!,
    loss,
    constants: evaluated.filter((n) => !dependsOnGenerated.has(n)).map((n) => planned.get(n)!),
    loop,
    reported: loop.filter((p) => p.def.outputs[0]?.type === 'scalar').map((p) => p.node.id),
    outputs: outputs.map((n) => planned.get(n)!),
    shapes: shapesById(shapes),
    forward: forwardPasses(evaluated.map((n) => planned.get(n)!)),
  };
}

/**
 * The ids of `from` and of every node upstream of them among `nodes` (planned nodes whose inputs come
 * from `nodes`), where the walk neither starts at nor passes a node `stop` names.
 */
export function upstreamOf(from: Iterable<string>, nodes: readonly PlannedNode[], stop: (id: string) => boolean = () => false): Set<string> {
  const byId = new Map(nodes.map((p) => [p.node.id, p]));
  const found = new Set<string>();
  const stack = [...from].filter((id) => !stop(id));
  while (stack.length) {
    const id = stack.pop()!;
    if (found.has(id)) continue;
    found.add(id);
    for (const sources of byId.get(id)!.inputs.values()) stack.push(...sources.map((s) => s.node.id).filter((source) => !stop(source)));
  }
  return found;
}

/** Shapes by node id. */
export function shapesById(shapes: ReadonlyMap<GraphNode, Shape>): Map<string, Shape> {
  return new Map([...shapes].map(([node, shape]) => [node.id, shape]));
}

/** Which forward pass each features node shares, and every layer some node asks of each pass. */
export interface ForwardPasses {
  /** For each features node: the key of its forward pass (source image and pooling). */
  readonly key: ReadonlyMap<string, string>;
  /** For each forward pass key: every layer some node asks of it (the pass stops at the deepest). */
  readonly layers: ReadonlyMap<string, ReadonlySet<string>>;
}

/** The forward passes of `nodes`: one per image and pooling, as deep as the deepest layer asked of it. */
export function forwardPasses(nodes: readonly PlannedNode[]): ForwardPasses {
  const key = new Map<string, string>();
  const layers = new Map<string, Set<string>>();
  for (const p of nodes.filter((q) => q.def.role === 'features')) {
    const source = p.inputs.get('image')![0]!;
    const k = `${source.node.id}.${source.port}|${String(p.node.params.pooling)}`;
    key.set(p.node.id, k);
    if (!layers.has(k)) layers.set(k, new Set());
    layers.get(k)!.add(String(p.node.params.layer));
  }
  return { key, layers };
}

export function plannedNode(node: GraphNode, index: EdgeIndex): PlannedNode {
  const def = nodeDef(node.type)!;
  const edges = index.incoming.get(node)!;
  const inputs = new Map(def.inputs.map((port) => [port.name, edges.filter((e) => e.to.port === port).map((e) => ({ node: e.from.node, port: e.from.port.name }))]));
  return { node, def, inputs };
}
