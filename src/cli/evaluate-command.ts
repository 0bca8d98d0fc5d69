import type { RunArgs } from './args';
import type { CliOutput } from './cli-output';
import { cliWeights } from './weights';
import { runFiles } from './run-files';
import type { Graph } from '../core/graph/types';
import { applyOverrides } from '../core/graph/overrides';
import { compileEvaluation } from '../core/compile/evaluation-plan';
import { readImageFile } from '../node/image-file';
import { readLabelledFolder } from '../node/labelled-folder';
import { RunSession } from '../node/run-session';

/**
 * `stylegraph run` on a graph without an optimizer: evaluates it once and prints each result node's
 * report (`nodeId: text`); --json prints {"event":"result","nodeId","value"} lines and a done line.
 */
export async function evaluateCommand(graph: Graph, graphPath: string, args: RunArgs, out: CliOutput, signal: AbortSignal): Promise<number> {
  const plan = compileEvaluation(applyOverrides(graph, args), args.graph);
  const files = await runFiles(graph, graphPath, args.out);
  files.notes.forEach(out.log);
  const session = await RunSession.start({ backend: args.backend, log: out.log, weights: (s) => cliWeights(args.weights, out.log, s) });
  try {
    const { results, seconds } = await session.evaluate(plan, {
      readImage: (path) => readImageFile(files.inputs.get(path)!, { signal }),
      readFolder: (path) => readLabelledFolder(files.inputs.get(path)!, { signal }),
    }, signal);
    for (const r of results) {
      if (args.json) out.line(JSON.stringify({ event: 'result', nodeId: r.nodeId, value: r.value }));
      else out.log(`${r.nodeId}: ${r.text}`);
    }
    if (args.json) out.line(JSON.stringify({ event: 'done', seconds }));
    else out.log(`evaluated in ${seconds.toFixed(1)} s`);
    return 0;
  } finally {
    await session.dispose();
  }
}
