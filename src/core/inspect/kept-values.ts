/** The values a run or evaluation hands back for the nodes to show (face crops, distances), whichever engine ran it. */
import type { NodeDef, Value } from '../nodes/types';
import type { PlannedNode } from '../compile/plan';
import { showsThumbnail } from '../graph/node-geometry';
import { tensorToRaw, type RawImage } from '../image/raw-image';
import { nodeValue, type InspectSource } from './node-value';

/** Whether a node's value is shown on it: a computed image with a thumbnail (a face crop), or a scalar (at the right of its title bar). */
export function showsValue(def: NodeDef): boolean {
  return (showsThumbnail(def.type) && def.role !== 'source') || def.outputs.some((p) => p.type === 'scalar');
}

/** The images of the planned nodes that show one of their own (not image.output's), computed from a finished run, or why there is none. */
export async function cropsOf(source: InspectSource, keep: (node: PlannedNode) => boolean = (p) => showsValue(p.def)): Promise<Map<string, RawImage | string>> {
  const crops = new Map<string, RawImage | string>();
  for (const p of [...source.plan.constants, ...source.plan.loop].filter((q) => keep(q) && q.def.role !== 'output' && q.def.outputs[0]?.type === 'image')) {
    try {
      const value = nodeValue(source, p.node.id);
      try {
        if (value.type === 'image') crops.set(p.node.id, await tensorToRaw(value.tensor));
      } finally {
        value.tensor.dispose();
      }
    } catch (e) {
      crops.set(p.node.id, (e as Error).message);
    }
  }
  return crops;
}

/** An evaluation's kept values as what the nodes show: images (face crops) and scalars (distances), by node id. Disposes the values. */
export async function keptDisplay(kept: ReadonlyMap<string, Value>): Promise<{ images: Map<string, RawImage>; scalars: Map<string, number> }> {
  const images = new Map<string, RawImage>();
  const scalars = new Map<string, number>();
  try {
    for (const [id, value] of kept) {
      if (value.type === 'image') images.set(id, await tensorToRaw(value.tensor));
      if (value.type === 'scalar') scalars.set(id, (await value.tensor.data())[0]!);
    }
  } finally {
    for (const value of kept.values()) value.tensor.dispose();
  }
  return { images, scalars };
}
