/**
 * `npm run bench -- --losses`: what each loss node costs per iteration next to the Gram style loss.
 * One graph per loss kind at one style layer (default conv3_1) at 128x128 on one backend (default
 * wasm), with full-width generated weights. Every graph also holds a content loss at that layer,
 * so the VGG forward and backward passes are the same in each; the "content only" graph measures
 * them, and a loss's own cost is its graph's time less that one.
 */
import * as tf from '@tensorflow/tfjs-core';
import { useBackend, type NodeBackend } from '../src/node/backend';
import { VggModel } from '../src/core/model/vgg-model';
import { runGraph } from '../src/core/run/executor';
import type { Graph, GraphEdge, GraphNode } from '../src/core/graph/types';
import type { Params } from '../src/core/nodes/types';
import { nodeDef } from '../src/core/nodes/catalogue';
import { randomVggWeights } from '../test/helpers/weight-files';
import { WEIGHT_SEED, benchEnvironment, median } from './common';

export interface LossBenchOptions {
  readonly backend: NodeBackend;
  readonly size: readonly [number, number];
  readonly layer: string;
  readonly iterations: number;
  readonly warmup: number;
  readonly rounds: number;
}

/** The loss kinds: the nodes each adds beside the content loss, and the scalar it sums. */
const KINDS: Record<string, () => { nodes: GraphNode[]; edges: GraphEdge[]; term?: string }> = {
  'content only': () => ({ nodes: [], edges: [] }),
  'gram (loss.style)': () => ({
    nodes: [node('gram_s', 'gram'), node('gram_g', 'gram'), node('j', 'loss.style')],
    edges: [edge('style_f.features', 'gram_s.features'), edge('generated_f.features', 'gram_g.features'), edge('gram_s.gram', 'j.style'), edge('gram_g.gram', 'j.generated')],
    term: 'j.loss',
  }),
  'masked gram (features.mask)': () => ({
    nodes: [node('mask', 'image.mask', { path: 'samples/two-regions-mask.png', channel: 'color', color: '#ff0000' }), node('masked', 'features.mask'), node('gram_s', 'gram'), node('gram_g', 'gram'), node('j', 'loss.style')],
    edges: [edge('mask.mask', 'masked.mask'), edge('generated_f.features', 'masked.features'), edge('style_f.features', 'gram_s.features'), edge('masked.features', 'gram_g.features'), edge('gram_s.gram', 'j.style'), edge('gram_g.gram', 'j.generated')],
    term: 'j.loss',
  }),
  'loss.wasserstein (stats)': () => ({
    nodes: [node('stats_s', 'stats'), node('stats_g', 'stats'), node('j', 'loss.wasserstein')],
    edges: [edge('style_f.features', 'stats_s.features'), edge('generated_f.features', 'stats_g.features'), edge('stats_s.stats', 'j.style'), edge('stats_g.stats', 'j.generated')],
    term: 'j.loss',
  }),
  'loss.sliced': () => ({
    nodes: [node('j', 'loss.sliced')],
    edges: [edge('style_f.features', 'j.style'), edge('generated_f.features', 'j.generated')],
    term: 'j.loss',
  }),
  'loss.tv': () => ({ nodes: [node('j', 'loss.tv')], edges: [edge('generated.image', 'j.image')], term: 'j.loss' }),
};

/** A node with the catalogue's defaults for the params not given. */
function node(id: string, type: string, params: Params = {}): GraphNode {
  const defaults = Object.fromEntries(nodeDef(type)!.params.map((p) => [p.name, p.default]));
  return { id, type, params: { ...defaults, ...params }, ui: { pos: [0, 0] } };
}
function edge(from: string, to: string): GraphEdge {
  return { from, to };
}

/** Content and style images, the generated image starting as the content, content loss at `layer`, plus `kind`'s nodes. */
function lossGraph(kind: string, options: LossBenchOptions): Graph {
  const [height, width] = options.size;
  const image = (id: string, path: string) => node(id, 'image.load', { path, width, height, fit: 'cover' });
  const extra = KINDS[kind]!();
  const nodes = [
    image('content', 'samples/chelsea.png'), image('style', 'samples/hubble_deep_field.jpg'),
    node('generated', 'image.generated', { init: 'content' }),
    ...['content_f', 'style_f', 'generated_f'].map((id) => node(id, 'vgg19.layer', { layer: options.layer, pooling: 'avg' })),
    node('j_content', 'loss.content'), node('total', 'sum'), node('adam', 'optimizer', { iterations: options.iterations, previewEvery: 0 }),
    ...extra.nodes.map((n) => (n.type === 'image.mask' ? { ...n, params: { ...n.params, width, height, fit: 'cover' } } : n)),
  ];
  const edges = [
    edge('content.image', 'generated.content'), edge('content.image', 'content_f.image'), edge('style.image', 'style_f.image'), edge('generated.image', 'generated_f.image'),
    edge('content_f.features', 'j_content.content'), edge('generated_f.features', 'j_content.generated'), edge('j_content.loss', 'total.terms'), edge('total.value', 'adam.loss'),
    ...extra.edges, ...(extra.term ? [edge(extra.term, 'total.terms')] : []),
  ];
  return { format: 'stylegraph', version: 1, nodes, edges };
}

/** Median seconds per iteration of each kind, and the table. */
export async function lossBench(options: LossBenchOptions): Promise<string> {
  await useBackend(options.backend);
  const model = new VggModel(randomVggWeights(WEIGHT_SEED, 'full'));
  const samples = new Map<string, number[]>(Object.keys(KINDS).map((k) => [k, []]));
  try {
    // Rounds alternate the kinds, so a busy spell of a shared machine spreads over all of them.
    for (let round = 0; round < options.rounds; round++) {
      for (const kind of Object.keys(KINDS)) {
        const stamps: number[] = [];
        await runGraph(lossGraph(kind, options), benchEnvironment(model), { onProgress: (e) => stamps.push(e.ms) });
        samples.get(kind)!.push(...stamps.map((ms, i) => (ms - (i ? stamps[i - 1]! : 0)) / 1000).slice(options.warmup));
      }
      console.log(`  round ${round + 1}/${options.rounds} done (${tf.memory().numTensors} tensors held)`);
    }
  } finally {
    model.dispose();
  }
  const seconds = new Map([...samples].map(([kind, xs]) => [kind, median(xs)]));
  const base = seconds.get('content only')!;
  const gramTotal = seconds.get('gram (loss.style)')!;
  const gram = gramTotal - base;
  const [height, width] = options.size;
  const rows = [...seconds].map(([kind, s]) => {
    const own = s - base;
    return kind === 'content only'
      ? `| ${kind} (VGG to ${options.layer} and back) | ${s.toFixed(3)} | ${(s / gramTotal).toFixed(2)} | - | - |`
      : `| ${kind} | ${s.toFixed(3)} | ${(s / gramTotal).toFixed(2)} | ${(own * 1000).toFixed(1)} | ${(own / gram).toFixed(2)} |`;
  });
  return [
    `Loss cost per iteration, ${width}x${height}, ${options.layer} (full width), ${options.backend}, median of ${options.rounds} x ${options.iterations - options.warmup} iterations (${options.warmup} warm-up iterations left out of each run):`,
    '',
    '| graph | s/iter | / Gram graph | the loss\'s own ms/iter | own cost / Gram loss\'s |',
    '|---|---:|---:|---:|---:|',
    ...rows,
  ].join('\n');
}
