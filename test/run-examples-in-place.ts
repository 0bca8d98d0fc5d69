import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, EXAMPLES } from './helpers/paths';
import { randomVggWeights, writeTfjsFiles } from './helpers/weight-files';
import { tempFolder } from './helpers/temp-folder';
import { loadGraph } from '../src/core/graph/load';
import { isEvaluationGraph } from '../src/core/compile/evaluation-plan';

/**
 * Runs every example in the repository's own examples/ folder with the CLI, as a user following
 * the README does (small and short, on random test weights: nothing is downloaded). It leaves what
 * such runs leave (run history in examples/.stylegraph/, `*-result.png` beside the graphs, `<name>.png`
 * in the repository), so that CI can check that `npm test` still passes after them.
 * Usage: node out/test/run-examples-in-place.js
 */
async function main(): Promise<void> {
  const weights = await writeTfjsFiles(randomVggWeights(1), tempFolder('stylegraph-example-weights-'));
  const graphs = readdirSync(EXAMPLES).filter((name) => name.endsWith('.stylegraph.json')).sort();
  for (const name of graphs) {
    const graph = loadGraph(readFileSync(join(EXAMPLES, name), 'utf8')).graph;
    // Evaluation graphs run as the README shows them; 96x96 is the smallest size at which portrait-identity's face is found.
    const small = graph && isEvaluationGraph(graph) ? [] : ['--size', '96x96', '--iterations', '2'];
    const args = ['run', join('examples', name), '--weights', weights, ...small];
    const result = spawnSync(process.execPath, [join(REPO, 'bin', 'stylegraph.js'), ...args], { cwd: REPO, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`stylegraph ${args.join(' ')} exited ${result.status}:\n${result.stderr}`);
    process.stdout.write(`ran examples/${name}\n`);
  }
}

main().catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 1;
});
