import type { Graph } from '../graph/types';
import type { FileSizes } from '../graph/shapes';
import { validateGraph } from '../graph/validate';
import { GraphError } from '../graph/problems';
import { compile, shapesById, type Plan } from '../compile/plan';
import { nodeDef } from '../nodes/catalogue';
import type { Shape } from '../nodes/types';
import type { RawImage } from '../image/raw-image';

/** Height and width of an image. */
export type Size = readonly [number, number];

/** One scale of a run: its plan, its image size and every node's output shape. */
export interface ScaleShapes {
  readonly plan: Plan;
  readonly size: Size;
  readonly shapes: ReadonlyMap<string, Shape>;
}

/**
 * A rung this close to the final size (a quarter octave) is left out: a scale barely smaller than
 * the last would cost a full scale's iterations for almost nothing.
 */
const MERGE_RATIO = 2 ** 0.25;

/**
 * The sizes of a coarse-to-fine run ending at `final` (height, width): the shorter side starts at
 * `minSize` and grows by √2 a scale (rounded), the last scale being `final` itself, the aspect kept.
 * minSize 0, or one at least the shorter side, gives one scale. 128 to 512: 128, 181, 256, 362, 512.
 */
export function scaleLadder(minSize: number, final: Size): Size[] {
  const shorter = Math.min(...final);
  const sides: number[] = [];
  for (let k = 0; minSize > 0; k++) {
    const side = Math.round(minSize * Math.SQRT2 ** k);
    if (side * MERGE_RATIO > shorter) break;
    sides.push(side);
  }
  return [...sides.map((side) => scaledSize(final, side / shorter)), final];
}

/** `size` times `factor`, each side rounded. */
export function scaledSize(size: Size, factor: number): Size {
  return [Math.max(1, Math.round(size[0] * factor)), Math.max(1, Math.round(size[1] * factor))];
}

/**
 * The graph as it runs at one scale: every image it loads (and a generated image without content)
 * `factor` times its size in the graph, a source that keeps its file's size taking the file's.
 * Everything else, targets included, follows from those sizes.
 */
export function scaledGraph(graph: Graph, factor: number, fileSizes: FileSizes): Graph {
  if (factor === 1) return graph;
  return {
    ...graph,
    nodes: graph.nodes.map((node) => {
      const role = nodeDef(node.type)?.role;
      if (role !== 'source' && role !== 'generated') return node;
      const file = fileSizes.get(node.id);
      const size: Size = [(node.params.height as number) || file!.height, (node.params.width as number) || file!.width];
      const [height, width] = scaledSize(size, factor);
      return { ...node, params: { ...node.params, height, width } };
    }),
  };
}

/**
 * The plan of each scale with every node's shape, checked with the files' sizes: the graph itself
 * for the last scale, the graph with every image scaled down for the others.
 */
export function planScales(plan: Plan, images: ReadonlyMap<string, RawImage>, minSize: number, source = 'graph'): ScaleShapes[] {
  const fileSizes = new Map([...images].map(([id, image]) => [id, { height: image.height, width: image.width }]));
  const full = shapesOf(plan.graph, fileSizes, source);
  const generated = full.get(plan.generated.node.id) as { height: number; width: number };
  const final: Size = [generated.height, generated.width];
  return scaleLadder(minSize, final).map((size, k, ladder) => {
    if (k === ladder.length - 1) return { plan, size, shapes: full };
    const at = `${source} at scale ${k + 1} of ${ladder.length} (${size[0]}x${size[1]})`;
    const scaled = compile(scaledGraph(plan.graph, Math.min(...size) / Math.min(...final), fileSizes), at, { fileSizes });
    return { plan: scaled, size, shapes: scaled.shapes };
  });
}

/** Every node's output shape by node id; GraphError when the files' sizes break a shape rule. */
function shapesOf(graph: Graph, fileSizes: FileSizes, source: string): Map<string, Shape> {
  const { problems, shapes } = validateGraph(graph, { fileSizes });
  if (problems.length) throw new GraphError(problems, source);
  return shapesById(shapes);
}
