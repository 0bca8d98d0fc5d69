/** The sample images the seed graph reads (as samples/<name>); "New Graph" copies them into the workspace's samples/ folder. */
export const SAMPLE_IMAGES = ['chelsea.png', 'hubble_deep_field.jpg'] as const;

/** `base.stylegraph.json`, else `base-2.stylegraph.json`, ... : the first name `taken` refuses. */
export function freeGraphName(base: string, taken: (name: string) => boolean): string {
  for (let i = 1; ; i++) {
    const name = `${base}${i === 1 ? '' : `-${i}`}.stylegraph.json`;
    if (!taken(name)) return name;
  }
}
