/**
 * Arrange: lays a graph out left to right with dagre (a layered, Sugiyama-style layout: ranks
 * along the edges' direction, crossings reduced, nodes sized as the canvas draws them by
 * node-geometry's nodeBox), so no two nodes overlap. Only positions change (and groups, moved
 * with the nodes they held); the objective is untouched. Deterministic: the same graph gives
 * the same positions.
 */
import { boxesOverlap } from './free-space';
import { nodeBox, NODE_TITLE_HEIGHT, type Box } from './node-geometry';
import { parsePortRef, type Graph, type GraphGroup, type GraphNode } from './types';

/** Room between ranks (columns) and between nodes of a rank, in graph units. */
const RANK_GAP = 90;
const NODE_GAP = 40;
/** Room a group keeps around its nodes and above them for its title. */
const GROUP_PAD = 20;
const GROUP_TITLE = 40;

type Dagre = typeof import('@dagrejs/dagre', { with: { 'resolution-mode': 'import' } });
/** dagre ships CommonJS beside its ESM build: required, so Node (tests, CLI) and webpack (the webview) both load it synchronously. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { graphlib, layout } = require('@dagrejs/dagre') as Dagre;

const nodeOf = (ref: string): string => parsePortRef(ref)?.node ?? ref;

/** The graph laid out left to right: new `ui.pos` for every node, its top left box corner at 0, 0. */
export function arrangeGraph(graph: Graph): Graph {
  if (graph.nodes.length === 0) return graph;
  const boxes = new Map(graph.nodes.map((n) => [n.id, nodeBox(n, graph)]));
  const g = new graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'LR', ranksep: RANK_GAP, nodesep: NODE_GAP, edgesep: 10, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of graph.nodes) {
    const [, , width, height] = boxes.get(n.id)!;
    g.setNode(n.id, { width, height });
  }
  // dagre's first ordering of a rank comes out in the reverse of the edges' insertion order:
  // inserted last to first, the terms keep the file's order top to bottom (conv1_1 above conv5_1).
  for (let i = graph.edges.length - 1; i >= 0; i--) {
    const from = nodeOf(graph.edges[i]!.from);
    const to = nodeOf(graph.edges[i]!.to);
    if (boxes.has(from) && boxes.has(to) && from !== to) g.setEdge(from, to, {}, String(i));
  }
  layout(g);
  let [minX, minY] = [Infinity, Infinity];
  const topLeft = new Map<string, [number, number]>();
  for (const n of graph.nodes) {
    const { x, y, width, height } = g.node(n.id) as { x: number; y: number; width: number; height: number };
    const corner: [number, number] = [Math.round(x - width / 2), Math.round(y - height / 2)];
    topLeft.set(n.id, corner);
    minX = Math.min(minX, corner[0]);
    minY = Math.min(minY, corner[1]);
  }
  const nodes = graph.nodes.map((n): GraphNode => {
    const [x, y] = topLeft.get(n.id)!;
    return { ...n, ui: { ...n.ui, pos: [x - minX, y - minY + NODE_TITLE_HEIGHT] } };
  });
  const arranged = { ...graph, nodes };
  return graph.groups?.length ? { ...arranged, groups: graph.groups.map((group) => moveGroup(group, graph, arranged)) } : arranged;
}

/** A group around the nodes it held before (their boxes inside its bounds); a group that held none stays where it was. */
function moveGroup(group: GraphGroup, before: Graph, after: Graph): GraphGroup {
  const held = new Set(before.nodes.filter((n) => inside(nodeBox(n, before), group.bounds)).map((n) => n.id));
  const boxes = after.nodes.filter((n) => held.has(n.id)).map((n) => nodeBox(n, after));
  if (boxes.length === 0) return group;
  const x0 = Math.min(...boxes.map((b) => b[0])) - GROUP_PAD;
  const y0 = Math.min(...boxes.map((b) => b[1])) - GROUP_TITLE;
  const x1 = Math.max(...boxes.map((b) => b[0] + b[2])) + GROUP_PAD;
  const y1 = Math.max(...boxes.map((b) => b[1] + b[3])) + GROUP_PAD;
  return { ...group, bounds: [x0, y0, x1 - x0, y1 - y0] };
}

function inside(box: Box, bounds: readonly [number, number, number, number]): boolean {
  return boxesOverlap(box, bounds) && box[0] >= bounds[0] && box[1] >= bounds[1] && box[0] + box[2] <= bounds[0] + bounds[2] && box[1] + box[3] <= bounds[1] + bounds[3];
}
