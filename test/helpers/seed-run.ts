import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadGraph } from '../../src/core/graph/load';
import { applyOverrides, type RunOverrides } from '../../src/core/graph/overrides';
import type { Graph } from '../../src/core/graph/types';
import type { ParamValue } from '../../src/core/nodes/types';
import type { RunEnvironment } from '../../src/core/run/executor';
import type { VggModel } from '../../src/core/model/vgg-model';
import type { TargetCache } from '../../src/core/run/target-cache';
import { readImageFile } from '../../src/node/image-file';
import { EXAMPLES, SEED_GRAPH } from './paths';

/** The seed example at a test size (small images, few iterations). */
export function seedGraph(overrides: RunOverrides = {}): Graph {
  return applyOverrides(loadGraph(readFileSync(SEED_GRAPH, 'utf8')).graph!, { size: [24, 32], iterations: 4, ...overrides });
}

/** A copy of the graph with some params of one node changed. */
export function withParams(graph: Graph, id: string, params: Record<string, ParamValue>): Graph {
  return { ...graph, nodes: graph.nodes.map((n) => (n.id === id ? { ...n, params: { ...n.params, ...params } } : n)) };
}

/** Reads images relative to examples/, as the seed graph's paths are. */
export function seedEnvironment(model: VggModel, cache?: TargetCache): RunEnvironment {
  return { model, readImage: (path) => readImageFile(resolve(EXAMPLES, path)), ...(cache && { cache }) };
}
