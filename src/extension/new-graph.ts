import { parseGraph } from '../core/graph/parse';
import { writeCanonical } from '../core/graph/canonical';

/** The sample images the seed graph reads; "New Graph" copies them into the workspace. */
export const SAMPLE_IMAGES = ['chelsea.png', 'hubble_deep_field.jpg'] as const;

/**
 * The seed graph's text for a new file in a workspace: every image.load path that points at a
 * sample image becomes `<samplesDir>/<name>` (relative to the new file), so the graph runs
 * there without the extension's own folder. Everything else stays as in the seed.
 */
export function seedForWorkspace(seedText: string, samplesDir: string): string {
  const { graph } = parseGraph(seedText);
  if (!graph) throw new Error('the bundled seed graph does not parse');
  const nodes = graph.nodes.map((node) => {
    const path = node.params.path;
    if (node.type !== 'image.load' || typeof path !== 'string') return node;
    const name = path.split(/[\\/]/).pop()!;
    return (SAMPLE_IMAGES as readonly string[]).includes(name) ? { ...node, params: { ...node.params, path: `${samplesDir}/${name}` } } : node;
  });
  return writeCanonical({ ...graph, nodes });
}

/** `base.stylegraph.json`, else `base-2.stylegraph.json`, ... : the first name `taken` refuses. */
export function freeGraphName(base: string, taken: (name: string) => boolean): string {
  for (let i = 1; ; i++) {
    const name = `${base}${i === 1 ? '' : `-${i}`}.stylegraph.json`;
    if (!taken(name)) return name;
  }
}
