/**
 * Lays every example graph out with the editor's Arrange (core's arrangeGraph, dagre left to
 * right) and writes it back canonically: `node out/scripts/arrange-examples.js` after
 * `npm run build`. test/unit/graph-layout.test.ts checks that every example stays arranged
 * (no overlapping nodes).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { arrangeGraph } from '../src/core/graph/graph-layout';
import { overlappingPairs } from '../src/core/graph/free-space';
import { writeCanonical } from '../src/core/graph/canonical';
import { parseGraph } from '../src/core/graph/parse';

const folder = join(__dirname, '..', '..', 'examples');
for (const name of readdirSync(folder).filter((f) => f.endsWith('.stylegraph.json')).sort()) {
  const path = join(folder, name);
  const { graph, problems } = parseGraph(readFileSync(path, 'utf8'));
  if (!graph) throw new Error(`${name}: ${problems[0]?.message}`);
  const arranged = arrangeGraph(graph);
  writeFileSync(path, writeCanonical(arranged));
  console.log(`${name}: ${overlappingPairs(graph).length} overlapping pairs before, ${overlappingPairs(arranged).length} after`);
}
