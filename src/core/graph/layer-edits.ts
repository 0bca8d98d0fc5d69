/**
 * Layer edits: one user action on a whole style or content term of a graph ("add a style layer",
 * "add a content layer", "remove a layer", "change a term's layer"), each a pure Graph -> Graph
 * function applied by the editor as one document edit.
 *
 * A layer term is found by node roles and ports, never by type names: a loss node (role `loss`)
 * whose two inputs each come from a features node (role `features`, param `layer`), directly
 * (content) or through single-input nodes such as Grams (style); one side descends from the
 * generated image (role `generated`), the other is the target. Its kind is the target port's
 * name on the loss (`style` or `content`). Downstream, the term goes through single-input nodes
 * (a weight) into a node's multiple-edge port (a sum's `terms`).
 */
import { NODE_DEFS, nodeDef } from '../nodes/catalogue';
import { MAX_NODE_ID_LENGTH } from './parse';
import { nodeBox, type Box } from './node-geometry';
import { parsePortRef, type Graph, type GraphEdge, type GraphNode } from './types';

export type LayerKind = 'style' | 'content';
export const LAYER_KINDS: readonly LayerKind[] = ['style', 'content'];

/** The layer names a features node offers (its `layer` param's options): what a new term may use. */
export const FEATURE_LAYERS: readonly string[] = (() => {
  const spec = NODE_DEFS.find((d) => d.role === 'features')?.params.find((p) => p.name === 'layer');
  return spec?.kind === 'enum' ? spec.options : [];
})();

export interface LayerTerm {
  readonly kind: LayerKind;
  readonly loss: string;
  /** The features node on the target (style or content image) side. */
  readonly target: string;
  /** The features node on the generated image's side. */
  readonly generated: string;
  /** The target side's layer (both sides have it in a runnable graph). */
  readonly layer: string;
  /** Every node of the term: both features nodes, the nodes between them and the loss, the loss, the nodes after it. */
  readonly nodes: readonly string[];
  /** Where the term ends: the multiple-edge input it feeds ("sum.terms"), if any. */
  readonly into?: string;
}

/** A layer edit that cannot be made; the message names the node and why. */
export class LayerEditError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LayerEditError';
  }
}

/** How far the search walks from a loss to its features node (Gram, a mask, a blend...). */
const MAX_CHAIN = 4;
/** Vertical room left between a new term and the nodes around it. */
const ROW_GAP = 40;

interface Index {
  readonly byId: ReadonlyMap<string, GraphNode>;
  readonly incoming: ReadonlyMap<string, GraphEdge[]>;
  readonly outgoing: ReadonlyMap<string, GraphEdge[]>;
  /** Nodes that depend on a generated image. */
  readonly fromGenerated: ReadonlySet<string>;
}

const nodeOf = (ref: string): string => parsePortRef(ref)?.node ?? ref;
const portOf = (ref: string): string => parsePortRef(ref)?.port ?? '';

function indexGraph(graph: Graph): Index {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const incoming = new Map<string, GraphEdge[]>(graph.nodes.map((n) => [n.id, []]));
  const outgoing = new Map<string, GraphEdge[]>(graph.nodes.map((n) => [n.id, []]));
  for (const e of graph.edges) {
    incoming.get(nodeOf(e.to))?.push(e);
    outgoing.get(nodeOf(e.from))?.push(e);
  }
  const fromGenerated = new Set(graph.nodes.filter((n) => roleOf(n) === 'generated').map((n) => n.id));
  const queue = [...fromGenerated];
  while (queue.length > 0) {
    for (const e of outgoing.get(queue.pop()!) ?? []) {
      const next = nodeOf(e.to);
      if (!fromGenerated.has(next)) {
        fromGenerated.add(next);
        queue.push(next);
      }
    }
  }
  return { byId, incoming, outgoing, fromGenerated };
}

function roleOf(node: GraphNode | undefined) {
  return node ? nodeDef(node.type)?.role : undefined;
}

/** The path from an edge's source up to the features node it reads: [features, ...between], or undefined. */
function featuresPath(edge: GraphEdge, index: Index): string[] | undefined {
  const path: string[] = [];
  let id = nodeOf(edge.from);
  for (let step = 0; step < MAX_CHAIN; step++) {
    const node = index.byId.get(id);
    if (!node) return undefined;
    path.unshift(id);
    if (roleOf(node) === 'features') return typeof node.params.layer === 'string' ? path : undefined;
    const inputs = index.incoming.get(id)!;
    if (inputs.length !== 1 || roleOf(node) !== undefined) return undefined;
    id = nodeOf(inputs[0]!.from);
  }
  return undefined;
}

/** The term whose loss is `lossId`, or undefined when it is not a layer term. */
function termOfLoss(lossId: string, index: Index): LayerTerm | undefined {
  const loss = index.byId.get(lossId);
  if (roleOf(loss) !== 'loss') return undefined;
  const inputs = index.incoming.get(lossId)!;
  if (inputs.length !== 2) return undefined;
  const sides = inputs.map((e) => ({ port: portOf(e.to), path: featuresPath(e, index) }));
  if (sides.some((s) => !s.path)) return undefined;
  const generated = sides.find((s) => index.fromGenerated.has(s.path![0]!));
  const target = sides.find((s) => s !== generated && !index.fromGenerated.has(s.path![0]!));
  if (!generated || !target || !(LAYER_KINDS as readonly string[]).includes(target.port)) return undefined;
  const after: string[] = [];
  let into: string | undefined;
  let at = lossId;
  for (let step = 0; step < MAX_CHAIN; step++) {
    const out = index.outgoing.get(at)!;
    if (out.length !== 1) break;
    const next = index.byId.get(nodeOf(out[0]!.to))!;
    const port = nodeDef(next.type)?.inputs.find((p) => p.name === portOf(out[0]!.to));
    if (port?.multiple) {
      into = out[0]!.to;
      break;
    }
    if (roleOf(next) !== undefined || index.incoming.get(next.id)!.length !== 1) break;
    after.push(next.id);
    at = next.id;
  }
  const targetFeatures = index.byId.get(target.path![0]!)!;
  return {
    kind: target.port as LayerKind,
    loss: lossId,
    target: targetFeatures.id,
    generated: generated.path![0]!,
    layer: String(targetFeatures.params.layer),
    nodes: [...target.path!, ...generated.path!, lossId, ...after],
    ...(into !== undefined && { into }),
  };
}

/** Every layer term of the graph, in node order. */
export function layerTerms(graph: Graph): LayerTerm[] {
  const index = indexGraph(graph);
  return graph.nodes.map((n) => termOfLoss(n.id, index)).filter((t): t is LayerTerm => t !== undefined);
}

/**
 * The term a node belongs to: its loss, a node between a features node and the loss, either
 * features node, or a node after the loss. A features node that feeds several terms belongs to
 * none (a right-click on it cannot say which).
 */
export function termOf(graph: Graph, nodeId: string): LayerTerm | undefined {
  const found = layerTerms(graph).filter((t) => t.nodes.includes(nodeId));
  return found.length === 1 ? found[0] : undefined;
}

function requireTerm(graph: Graph, nodeId: string): LayerTerm {
  const term = termOf(graph, nodeId);
  if (term) return term;
  if (!graph.nodes.some((n) => n.id === nodeId)) throw new LayerEditError(`node "${nodeId}" is not in the graph`);
  throw new LayerEditError(`node "${nodeId}" is not part of one style or content layer (a loss fed by two VGG-19 layer nodes)`);
}

/** Sets the layer of both features nodes of the term `nodeId` belongs to: one edit. */
export function changeLayer(graph: Graph, nodeId: string, layer: string): Graph {
  const term = requireTerm(graph, nodeId);
  checkLayer(graph, term.target, layer);
  const index = indexGraph(graph);
  for (const id of [term.target, term.generated]) {
    const other = index.outgoing.get(id)!.map((e) => nodeOf(e.to)).find((to) => !term.nodes.includes(to));
    if (other !== undefined) throw new LayerEditError(`node "${id}" also feeds "${other}": changing its layer would change that term too; give "${term.loss}" its own VGG-19 layer node first`);
  }
  return {
    ...graph,
    nodes: graph.nodes.map((n) => (n.id === term.target || n.id === term.generated ? { ...n, params: { ...n.params, layer } } : n)),
  };
}

/** Removes the term `nodeId` belongs to: its loss, the nodes after it up to the sum, and the nodes before it that feed nothing else. */
export function removeLayer(graph: Graph, nodeId: string): Graph {
  const term = requireTerm(graph, nodeId);
  const index = indexGraph(graph);
  const loss = term.nodes.indexOf(term.loss);
  const removed = new Set(term.nodes.slice(loss));
  // Upstream, nearest the loss first: a node goes when everything it feeds goes.
  const before = term.nodes.slice(0, loss);
  for (let changed = true; changed;) {
    changed = false;
    for (const id of before) {
      if (!removed.has(id) && index.outgoing.get(id)!.every((e) => removed.has(nodeOf(e.to)))) {
        removed.add(id);
        changed = true;
      }
    }
  }
  return {
    ...graph,
    nodes: graph.nodes.filter((n) => !removed.has(n.id)),
    edges: graph.edges.filter((e) => !removed.has(nodeOf(e.from)) && !removed.has(nodeOf(e.to))),
  };
}

/**
 * Adds a term of `kind` at `layer`: a copy of the term `like` belongs to (else the lowest term of
 * that kind on the canvas) with its params, fed by the same images, into the same sum, laid out
 * in the first free row below it. New ids are the copied ones with the layer name replaced (or appended), made unique.
 */
export function addLayer(graph: Graph, kind: LayerKind, layer: string, like?: string): Graph {
  const template = like !== undefined ? requireTerm(graph, like) : lowest(layerTerms(graph).filter((t) => t.kind === kind), graph);
  if (!template) throw new LayerEditError(`the graph has no ${kind} layer to copy: add a ${kind} loss fed by two VGG-19 layer nodes first`);
  if (template.kind !== kind) throw new LayerEditError(`node "${like}" is part of a ${template.kind} layer, not a ${kind} layer`);
  checkLayer(graph, template.target, layer);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const taken = new Set(byId.keys());
  const rename = new Map<string, string>();
  for (const id of template.nodes) {
    const id2 = uniqueId(id.includes(template.layer) ? id.split(template.layer).join(layer) : `${id}_${layer}`, taken);
    taken.add(id2);
    rename.set(id, id2);
  }
  const dy = freeRowOffset(graph, template.nodes.map((id) => byId.get(id)!));
  const features = new Set([template.target, template.generated]);
  const nodes = template.nodes.map((id): GraphNode => {
    const n = byId.get(id)!;
    const { pos } = n.ui;
    return {
      id: rename.get(id)!,
      type: n.type,
      params: features.has(id) ? { ...n.params, layer } : { ...n.params },
      ui: { pos: [pos[0], pos[1] + dy] },
    };
  });
  const moved = (ref: string) => {
    const to = rename.get(nodeOf(ref));
    return to === undefined ? ref : `${to}.${portOf(ref)}`;
  };
  const edges = graph.edges
    .filter((e) => rename.has(nodeOf(e.to)) || (e.to === template.into && nodeOf(e.from) === template.nodes.at(-1)))
    .map((e) => ({ from: moved(e.from), to: moved(e.to) }));
  return { ...graph, nodes: [...graph.nodes, ...nodes], edges: [...graph.edges, ...edges] };
}

function checkLayer(graph: Graph, featuresId: string, layer: string): void {
  const node = graph.nodes.find((n) => n.id === featuresId)!;
  const spec = nodeDef(node.type)?.params.find((p) => p.name === 'layer');
  if (spec?.kind === 'enum' && !spec.options.includes(layer)) throw new LayerEditError(`"${layer}" is not a layer of node "${featuresId}" (${spec.options.join(', ')})`);
}

function uniqueId(wanted: string, taken: ReadonlySet<string>): string {
  const base = wanted.slice(0, MAX_NODE_ID_LENGTH - 4);
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}_${i}`)) return `${base}_${i}`;
}

/** The term drawn lowest (by its loss), the natural one to add another below. */
function lowest(terms: readonly LayerTerm[], graph: Graph): LayerTerm | undefined {
  const y = (t: LayerTerm) => graph.nodes.find((n) => n.id === t.loss)!.ui.pos[1];
  return terms.reduce<LayerTerm | undefined>((best, t) => (best === undefined || y(t) >= y(best) ? t : best), undefined);
}

const overlaps = (a: Box, b: Box): boolean => a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] + ROW_GAP && b[1] < a[1] + a[3] + ROW_GAP;

/** How far down a copy of `chain` goes: the first multiple of its own height (plus a gap) where it overlaps no node. */
function freeRowOffset(graph: Graph, chain: readonly GraphNode[]): number {
  const boxes = chain.map((n) => nodeBox(n, graph));
  const top = Math.min(...boxes.map((b) => b[1]));
  const step = Math.max(...boxes.map((b) => b[1] + b[3])) - top + ROW_GAP;
  const others = graph.nodes.map((n) => nodeBox(n, graph));
  for (let k = 1; ; k++) {
    const dy = k * step;
    if (!boxes.some((b) => others.some((o) => overlaps([b[0], b[1] + dy, b[2], b[3]], o)))) return dy;
  }
}
