/** The file name Save Image proposes for a graph file: "<graph name>.png" ("seed.stylegraph.json" -> "seed.png"). */
export function imageNameFor(graphFileName: string): string {
  const base = graphFileName.replace(/\.stylegraph\.json$/i, '').replace(/\.json$/i, '');
  return `${base || 'stylegraph'}.png`;
}
