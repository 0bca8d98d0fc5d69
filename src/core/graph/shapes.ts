import type { GraphNode } from './types';
import type { Problem } from './problems';
import type { EdgeIndex } from './edge-index';
import type { InputShapes, PortType, Shape } from '../nodes/types';
import { nodeDef } from '../nodes/catalogue';

/** Height and width of the image file each source node reads, by node id. */
export type FileSizes = ReadonlyMap<string, { readonly height: number; readonly width: number }>;

/**
 * Infers every node's output shape in dependency order, reporting each node whose inputs do not
 * fit it (a Gram of another layer, an image too small for a layer). A node that is `broken`, lacks
 * a shape hook, or has an input of unknown shape gets no shape, and its consumers are not checked.
 */
export function inferShapes(order: readonly GraphNode[], index: EdgeIndex, broken: ReadonlySet<GraphNode>, fileSizes?: FileSizes): { shapes: Map<GraphNode, Shape>; problems: Problem[] } {
  const shapes = new Map<GraphNode, Shape>();
  const problems: Problem[] = [];
  for (const node of order) {
    const def = nodeDef(node.type);
    if (!def || broken.has(node)) continue;
    const inputs: Record<string, Shape[]> = Object.fromEntries(def.inputs.map((p) => [p.name, []]));
    let known = true;
    for (const e of index.incoming.get(node)!) {
      const shape = shapes.get(e.from.node);
      if (!shape) known = false;
      else inputs[e.to.port.name]!.push(portShape(shape, e.from.port.type));
    }
    if (!known) continue;
    const output = def.outputs[0];
    const shape = def.inferShape
      ? def.inferShape(inputs as InputShapes, node.params, {
          ...(fileSizes?.has(node.id) && { fileSize: fileSizes.get(node.id)! }),
          problem: (code, message) => void problems.push({ code, message: `node "${node.id}" (${def.type}): ${message}`, nodeId: node.id }),
        })
      : output?.type === 'scalar' ? { type: 'scalar' as const } : undefined;
    if (shape) shapes.set(node, shape);
  }
  return { shapes, problems };
}

/** The shape on an output port of type `type` of a node whose (first output's) shape is `shape`: a node's other outputs have its size (flow's mask). */
function portShape(shape: Shape, type: PortType): Shape {
  return shape.type === type ? shape : ({ ...shape, type } as Shape);
}
