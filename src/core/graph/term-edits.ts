/**
 * Terms in a few clicks (issue 19): "Add term…" edits, each a pure Graph -> Graph function the
 * editor applies as one document edit (one undo step):
 * - a TV term: a total-variation loss of the generated image and its weight, wired into the sum
 *   the optimizer minimises;
 * - a second style blended into the style terms: a new style image, and for each style term a
 *   VGG-19 node of it, its Gram and a Gram blend (weights 1,1, shown on its inputs) in front of the
 *   term's loss;
 * - a masked region: a mask and a style term of the generated image's features inside it (the
 *   same layer and style target as a given term), weighted into the same sum.
 * Terms are found by roles and ports (layer-edits.ts's layerTerms); the new nodes' types are the
 * catalogue's, named below. New nodes land off every other node (free-space.ts's clearMove).
 */
import { nodeDef } from '../nodes/catalogue';
import { BLEND_WEIGHTS_PARAM } from '../nodes/blend-weights';
import type { ParamValue } from '../nodes/types';
import { clearMove } from './free-space';
import { layerTerms, LayerEditError, termOf, type LayerTerm } from './layer-edits';
import { nodeBox, type Box } from './node-geometry';
import { MAX_NODE_ID_LENGTH } from './parse';
import { parsePortRef, type Graph, type GraphEdge, type GraphNode } from './types';

/** The node types these edits make. */
const TYPES = { tv: 'loss.tv', weight: 'weight', blend: 'gram.blend', mask: 'image.mask', maskFeatures: 'features.mask' } as const;
/** A new TV term's weight (as examples/tv.stylegraph.json). */
const TV_WEIGHT = 0.01;

export type TermKind = 'tv' | 'blend' | 'mask';
/** The Add term… choices, in menu order, and whether each needs an image file. */
export const TERM_KINDS: readonly { readonly kind: TermKind; readonly label: string; readonly image?: 'style' | 'mask' }[] = [
  { kind: 'tv', label: 'TV term (smoothness)' },
  { kind: 'blend', label: 'Second style, blended…', image: 'style' },
  { kind: 'mask', label: 'Masked region…', image: 'mask' },
];

const nodeOf = (ref: string): string => parsePortRef(ref)?.node ?? ref;
const portOf = (ref: string): string => parsePortRef(ref)?.port ?? '';
const roleOf = (graph: Graph, id: string) => nodeDef(graph.nodes.find((n) => n.id === id)?.type ?? '')?.role;

function uniqueId(wanted: string, taken: Set<string>): string {
  const base = wanted.slice(0, MAX_NODE_ID_LENGTH - 4);
  let id = base;
  for (let i = 2; taken.has(id); i++) id = `${base}_${i}`;
  taken.add(id);
  return id;
}

function defaults(type: string): Record<string, ParamValue> {
  return Object.fromEntries((nodeDef(type)?.params ?? []).map((p) => [p.name, p.default]));
}

/** Adds `nodes` near where they were put, each moved off every node placed before it. */
function placed(graph: Graph, nodes: readonly GraphNode[], edges: readonly GraphEdge[]): Graph {
  let g: Graph = { ...graph, edges: [...graph.edges, ...edges] };
  for (const node of nodes) {
    const box = nodeBox(node, g);
    const fixed: Box[] = g.nodes.map((n) => nodeBox(n, g));
    const [dx, dy] = clearMove([box], fixed);
    g = { ...g, nodes: [...g.nodes, { ...node, ui: { ...node.ui, pos: [node.ui.pos[0] + dx, node.ui.pos[1] + dy] } }] };
  }
  return g;
}

/** The optimizer's sum: the node feeding its loss through a `multiple` input; and the generated image it optimises. */
function objective(graph: Graph): { sum: GraphNode; port: string; generated: GraphNode } {
  const optimizer = graph.nodes.find((n) => nodeDef(n.type)?.role === 'optimizer');
  if (!optimizer) throw new LayerEditError('the graph has no optimizer: add one (its loss input takes the sum of the terms) first');
  const into = graph.edges.find((e) => nodeOf(e.to) === optimizer.id && roleOf(graph, nodeOf(e.from)) !== 'generated');
  const sum = into && graph.nodes.find((n) => n.id === nodeOf(into.from));
  const port = sum && nodeDef(sum.type)?.inputs.find((p) => p.multiple);
  if (!sum || !port) throw new LayerEditError(`the optimizer "${optimizer.id}" does not minimise a sum of terms: connect a sum to its loss first`);
  const generated = graph.nodes.filter((n) => nodeDef(n.type)?.role === 'generated');
  if (generated.length !== 1) throw new LayerEditError(`the graph has ${generated.length} generated images: a new term needs exactly one`);
  return { sum, port: port.name, generated: generated[0]! };
}

/** A total-variation term of the generated image and its weight, into the optimizer's sum. */
export function addTvTerm(graph: Graph): Graph {
  const { sum, port, generated } = objective(graph);
  const taken = new Set(graph.nodes.map((n) => n.id));
  const loss = uniqueId('j_tv', taken);
  const weight = uniqueId('w_tv', taken);
  const [x, y] = sum.ui.pos;
  const nodes: GraphNode[] = [
    { id: loss, type: TYPES.tv, params: defaults(TYPES.tv), ui: { pos: [x - 720, y + 240] } },
    { id: weight, type: TYPES.weight, params: { w: TV_WEIGHT }, ui: { pos: [x - 360, y + 240] } },
  ];
  const imagePort = nodeDef(TYPES.tv)!.inputs[0]!.name;
  const generatedPort = nodeDef(generated.type)!.outputs[0]!.name;
  return placed(graph, nodes, [
    { from: `${generated.id}.${generatedPort}`, to: `${loss}.${imagePort}` },
    { from: `${loss}.loss`, to: `${weight}.value` },
    { from: `${weight}.value`, to: `${sum.id}.${port}` },
  ]);
}

/** The style terms an edit applies to: the one `nodeId` belongs to, else every style term. */
function styleTerms(graph: Graph, nodeId?: string): LayerTerm[] {
  if (nodeId !== undefined) {
    const term = termOf(graph, nodeId);
    if (term?.kind !== 'style') throw new LayerEditError(`node "${nodeId}" is not part of one style layer (a style loss fed by two VGG-19 layer nodes)`);
    return [term];
  }
  const terms = layerTerms(graph).filter((t) => t.kind === 'style');
  if (terms.length === 0) throw new LayerEditError('the graph has no style layer (a style loss fed by two VGG-19 layer nodes, through Grams): add one first');
  return terms;
}

/** The graph with only the first edge into each blend (a node with blend weights): its first target. */
function firstEdgesOnly(graph: Graph): Graph {
  const seen = new Set<string>();
  return {
    ...graph,
    edges: graph.edges.filter((e) => {
      const node = graph.nodes.find((n) => n.id === nodeOf(e.to));
      if (!nodeDef(node?.type ?? '')?.params.includes(BLEND_WEIGHTS_PARAM)) return true;
      if (seen.has(e.to)) return false;
      seen.add(e.to);
      return true;
    }),
  };
}

/** The image node feeding a features node. */
function imageOf(graph: Graph, featuresId: string): { edge: GraphEdge; node: GraphNode } {
  const edge = graph.edges.find((e) => nodeOf(e.to) === featuresId)!;
  return { edge, node: graph.nodes.find((n) => n.id === nodeOf(edge.from))! };
}

/**
 * A second style image at `path` blended into the style terms (the one `nodeId` belongs to, else
 * all): for each, a VGG-19 node of the new image, its Gram, and a Gram blend of the term's target
 * and the new Gram (weights "1,1") in front of the term's loss.
 */
export function blendSecondStyle(graph: Graph, path: string, nodeId?: string): Graph {
  const terms = styleTerms(graph, nodeId);
  const taken = new Set(graph.nodes.map((n) => n.id));
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const first = imageOf(graph, terms[0]!.target);
  const image = uniqueId(`${first.node.id}_2`, taken);
  const nodes: GraphNode[] = [{ ...first.node, id: image, params: { ...first.node.params, path }, ui: { pos: [first.node.ui.pos[0], first.node.ui.pos[1] + 200] } }];
  const edges: GraphEdge[] = [];
  let removed: GraphEdge[] = [];
  for (const term of terms) {
    const lossInput = graph.edges.find((e) => nodeOf(e.to) === term.loss && portOf(e.to) === 'style')!;
    // The target side: features, then the single-input nodes up to the loss (the Gram).
    const chain = term.nodes.slice(0, term.nodes.indexOf(term.generated));
    const copies = chain.map((id) => {
      const n = byId.get(id)!;
      const copy = uniqueId(id.includes(first.node.id) ? id.replace(first.node.id, image) : `${id}_2`, taken);
      nodes.push({ id: copy, type: n.type, params: { ...n.params }, ui: { pos: [n.ui.pos[0], n.ui.pos[1] + 120] } });
      return copy;
    });
    const { edge: imageEdge } = imageOf(graph, term.target);
    edges.push({ from: `${image}.${portOf(imageEdge.from)}`, to: `${copies[0]}.${portOf(imageEdge.to)}` });
    graph.edges.filter((e) => chain.includes(nodeOf(e.from)) && chain.includes(nodeOf(e.to))).forEach((e) => {
      edges.push({ from: `${copies[chain.indexOf(nodeOf(e.from))]}.${portOf(e.from)}`, to: `${copies[chain.indexOf(nodeOf(e.to))]}.${portOf(e.to)}` });
    });
    const blendDef = nodeDef(TYPES.blend)!;
    const targets = blendDef.inputs.find((p) => p.multiple)!.name;
    const loss = byId.get(term.loss)!;
    const blend = uniqueId(`blend_${term.layer}`, taken);
    nodes.push({ id: blend, type: TYPES.blend, params: { ...defaults(TYPES.blend), [BLEND_WEIGHTS_PARAM.name]: '1,1' }, ui: { pos: [loss.ui.pos[0] - 300, loss.ui.pos[1] - 60] } });
    removed = [...removed, lossInput];
    edges.push(
      { from: lossInput.from, to: `${blend}.${targets}` },
      { from: `${copies.at(-1)}.${portOf(lossInput.from)}`, to: `${blend}.${targets}` },
      { from: `${blend}.${blendDef.outputs[0]!.name}`, to: lossInput.to },
    );
  }
  const kept = { ...graph, edges: graph.edges.filter((e) => !removed.includes(e)) };
  return placed(kept, nodes, edges);
}

/**
 * A masked region: a mask at `path` and a style term of the generated image's features inside it,
 * at the layer of the term `nodeId` belongs to (else the lowest style term), with that term's
 * style target and weight, into the same sum.
 */
export function addMaskedRegion(graph: Graph, path: string, nodeId?: string): Graph {
  // A blended target (several edges into one multiple input) is still one term's target here: found through its first edge.
  const terms = styleTerms(firstEdgesOnly(graph), nodeId);
  const term = nodeId !== undefined ? terms[0]! : terms.at(-1)!;
  if (!term.into) throw new LayerEditError(`the style layer of "${term.loss}" feeds no sum: wire it into one first`);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const taken = new Set(graph.nodes.map((n) => n.id));
  const generatedFeatures = byId.get(term.generated)!;
  const mask = uniqueId('mask', taken);
  const masked = uniqueId(`masked_${term.layer}`, taken);
  const region = term.nodes.slice(term.nodes.indexOf(term.generated) + 1, term.nodes.indexOf(term.loss));
  const after = term.nodes.slice(term.nodes.indexOf(term.loss) + 1);
  const copies = new Map<string, string>([[term.generated, masked]]);
  for (const id of [...region, term.loss, ...after]) copies.set(id, uniqueId(`${id}_region`, taken));
  const down = 160;
  const moved = (n: GraphNode, id: string): GraphNode => ({ id, type: n.type, params: { ...n.params }, ui: { pos: [n.ui.pos[0], n.ui.pos[1] + down] } });
  const source = imageOf(graph, term.target).node;
  const nodes: GraphNode[] = [
    { id: mask, type: TYPES.mask, params: { ...defaults(TYPES.mask), path, width: source.params.width ?? 400, height: source.params.height ?? 300 }, ui: { pos: [generatedFeatures.ui.pos[0] - 360, generatedFeatures.ui.pos[1] + down] } },
    { id: masked, type: TYPES.maskFeatures, params: { ...defaults(TYPES.maskFeatures), pooling: generatedFeatures.params.pooling ?? 'avg' }, ui: { pos: [generatedFeatures.ui.pos[0], generatedFeatures.ui.pos[1] + down] } },
    ...[...region, term.loss, ...after].map((id) => moved(byId.get(id)!, copies.get(id)!)),
  ];
  const maskDef = nodeDef(TYPES.maskFeatures)!;
  const edges: GraphEdge[] = [
    { from: `${term.generated}.${nodeDef(generatedFeatures.type)!.outputs[0]!.name}`, to: `${masked}.${maskDef.inputs[0]!.name}` },
    { from: `${mask}.${nodeDef(TYPES.mask)!.outputs[0]!.name}`, to: `${masked}.${maskDef.inputs[1]!.name}` },
  ];
  // The generated side's chain and everything after the loss, copied; the style target shared.
  for (const e of graph.edges) {
    const from = nodeOf(e.from);
    const to = nodeOf(e.to);
    if (from === term.generated) continue;
    if (copies.has(to) && copies.has(from)) edges.push({ from: `${copies.get(from)}.${portOf(e.from)}`, to: `${copies.get(to)}.${portOf(e.to)}` });
    else if (copies.has(to) && to === term.loss) edges.push({ from: e.from, to: `${copies.get(to)}.${portOf(e.to)}` });
  }
  const firstOfRegion = region[0] ?? term.loss;
  const intoRegion = graph.edges.find((e) => nodeOf(e.from) === term.generated && nodeOf(e.to) === firstOfRegion)!;
  edges.push({ from: `${masked}.${maskDef.outputs[0]!.name}`, to: `${copies.get(firstOfRegion)}.${portOf(intoRegion.to)}` });
  const last = after.at(-1) ?? term.loss;
  const out = graph.edges.find((e) => nodeOf(e.from) === last && e.to === term.into)!;
  edges.push({ from: `${copies.get(last)}.${portOf(out.from)}`, to: term.into });
  return placed(graph, nodes, edges);
}
