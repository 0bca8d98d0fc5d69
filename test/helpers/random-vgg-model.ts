import { after, before } from 'node:test';
import { useBackend } from '../../src/node/backend';
import { VggModel } from '../../src/core/model/vgg-model';
import type { GraphNode } from '../../src/core/graph/types';
import type { Params } from '../../src/core/nodes/types';
import { randomVggWeights } from './weight-files';

/**
 * Registers the hooks that make a VGG model of narrow random weights (seed `seed`) on the CPU
 * backend before the file's tests and dispose of it after them; returns the model once made.
 */
export function useRandomVggModel(seed = 1): () => VggModel {
  let model: VggModel | undefined;
  before(async () => {
    await useBackend('cpu');
    model = new VggModel(randomVggWeights(seed));
  });
  after(() => model?.dispose());
  return () => {
    if (!model) throw new Error('the model is made in the before hook');
    return model;
  };
}

/** A graph node at the origin. */
export const node = (id: string, type: string, params: Params = {}): GraphNode => ({ id, type, params, ui: { pos: [0, 0] } });
