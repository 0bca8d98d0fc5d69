import { copyFileSync, cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseGraph } from '../../src/core/graph/parse';
import { writeCanonical } from '../../src/core/graph/canonical';
import { EXAMPLES, REPO, SEED_GRAPH } from '../helpers/paths';
import { randomVggWeights, writeTfjsFiles } from '../helpers/weight-files';

/**
 * A workspace folder for a workbench test: the seed graph (image paths pointing at copied
 * samples), a tiny runnable variant (`small.stylegraph.json`: 32x32, `iterations` steps, a
 * preview every step), generated narrow VGG-19 weights in tfjs format and a settings.json that
 * points `stylegraph.weightsPath` at them.
 */
export async function makeWorkspace(dir: string, options: { iterations?: number } = {}): Promise<{ dir: string; seed: string; small: string; weights: string }> {
  mkdirSync(join(dir, 'samples'), { recursive: true });
  for (const name of ['chelsea.png', 'hubble_deep_field.jpg']) copyFileSync(join(REPO, 'examples', 'samples', name), join(dir, 'samples', name));
  const seedText = readFileSync(SEED_GRAPH, 'utf8');
  const seed = join(dir, 'seed.stylegraph.json');
  writeFileSync(seed, seedText);
  const small = join(dir, 'small.stylegraph.json');
  writeFileSync(small, smallGraph(seedText, options.iterations ?? 4));
  const weights = await useTestWeights(dir);
  return { dir, seed, small, weights };
}

/** Generated narrow VGG-19 weights in `dir`/.weights, and a .vscode/settings.json pointing `stylegraph.weightsPath` at them; returns their model.json. */
export async function useTestWeights(dir: string): Promise<string> {
  mkdirSync(join(dir, '.vscode'), { recursive: true });
  const weights = await writeTfjsFiles(randomVggWeights(11), join(dir, '.weights'));
  writeFileSync(join(dir, '.vscode', 'settings.json'), JSON.stringify({ 'stylegraph.weightsPath': weights }, null, 2));
  return weights;
}

/** The seed at 32x32 with `iterations` steps and a preview after each. */
export function smallGraph(seedText: string, iterations: number): string {
  const graph = parseGraph(seedText).graph!;
  const size = (p: Record<string, unknown>) => ('width' in p ? { ...p, width: 32, height: 32 } : p);
  return writeCanonical({
    ...graph,
    nodes: graph.nodes.map((n) => ({
      ...n,
      params: n.type === 'optimizer' ? { ...n.params, iterations, previewEvery: 1 } : (size(n.params) as typeof n.params),
    })),
  });
}

/** A workspace folder for the face tests: the verify and identify examples with the sample photos they name (examples/samples/, faces/ included). No weights: face graphs need none. */
export function makeFaceWorkspace(dir: string): { dir: string; verify: string; identify: string } {
  cpSync(join(EXAMPLES, 'samples'), join(dir, 'samples'), { recursive: true });
  const [verify, identify] = ['verify.stylegraph.json', 'identify.stylegraph.json'].map((name) => {
    copyFileSync(join(EXAMPLES, name), join(dir, name));
    return join(dir, name);
  });
  return { dir, verify: verify!, identify: identify! };
}
