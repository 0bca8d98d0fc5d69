import type { PlannedNode } from '../../src/core/compile/plan';
import type { RawImage } from '../../src/core/image/raw-image';
import type { Inputs, NodeDef, Params, Value } from '../../src/core/nodes/types';
import { asNodeRun, makeContext, newScope, type NodeScope, type NodeSources } from '../../src/core/run/node-context';

/** A node of `def` with its params' defaults, `params` over them, planned with no input edges. */
export function plannedNodeOf(def: NodeDef, id: string, params: Params = {}): PlannedNode {
  const defaults = Object.fromEntries(def.params.map((p) => [p.name, p.default]));
  return { node: { id, type: def.type, params: { ...defaults, ...params }, ui: { pos: [0, 0] } }, def, inputs: new Map() };
}

/** A scope as a run makes one, with nothing in it but `sources`. */
export function scopeOf(sources: Partial<NodeSources> = {}): NodeScope {
  return newScope({
    runSeed: 0,
    images: new Map(),
    generatedImage: () => {
      throw new Error('no generated image in this test');
    },
    model: undefined,
    faceModels: undefined,
    forward: { key: new Map(), layers: new Map() },
    ...sources,
  });
}

/** Node p's value from `inputs` with the context a run gives it in `scope`; errors name the node as the run's do. */
export function evaluateIn(p: PlannedNode, inputs: Inputs, scope: NodeScope, iteration = 0): Value {
  return asNodeRun(p, () => p.def.evaluate!(inputs, p.node.params, makeContext(p, scope, iteration)));
}

/** A width x height RGBA image whose pixel (x, y) is rgb(x, y), alpha 255. */
export function rawImage(width: number, height: number, rgb: (x: number, y: number) => readonly [number, number, number]): RawImage {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data.set([...rgb(x, y), 255], (y * width + x) * 4);
  }
  return { width, height, data };
}
