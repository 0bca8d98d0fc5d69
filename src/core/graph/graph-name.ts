/** A graph's name: its file name without `.stylegraph.json` (or `.json`). Names its default outputs, sweep folder and history. */
export function graphName(fileName: string): string {
  return fileName.replace(/(\.stylegraph)?\.json$/, '');
}
