/** Which nodes' values a run or evaluation hands back for the nodes to show. */
import type { NodeDef } from '../src/core/nodes/types';
import { showsThumbnail } from '../src/core/graph/node-geometry';

/** Whether an evaluation keeps a node's value to show on it: a computed image with a thumbnail (a face crop), or a scalar (at the right of its title bar). */
export function showsValue(def: NodeDef): boolean {
  return (showsThumbnail(def.type) && def.role !== 'source') || def.outputs.some((p) => p.type === 'scalar');
}
