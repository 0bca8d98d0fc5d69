import { basename, dirname, resolve } from 'node:path';
import { UsageError, type RunArgs } from './args';
import type { CliOutput } from './cli-output';
import { cliWeights } from './weights';
import { runProgress } from './run-progress';
import { commitCliRecord, stageCliRecord } from './history';
import { outputError, runFiles } from './run-files';
import { applyOverrides } from '../core/graph/overrides';
import { compile } from '../core/compile/plan';
import { isEvaluationGraph } from '../core/compile/evaluation-plan';
import { evaluateCommand } from './evaluate-command';
import { encodePng, readImageFile } from '../node/image-file';
import { stageFiles } from '../node/staged-files';
import { removeStaleTemporaries } from '../node/stale-temporaries';
import { readGraphFile, RunSession } from '../node/run-session';
import { opticalFlowFor } from '../node/optical-flow';
import { isFrameGraph } from '../core/run/frame-loop';
import { frameRun } from './frame-run';
import { oneScaleNote } from '../core/run/scale-note';

/**
 * `stylegraph run` (a graph without an optimizer is evaluated once: evaluate-command.ts): returns the exit code (0 done, 130 cancelled during the run); throws on errors
 * (an AbortError when cancelled before the run starts). Everything that can be checked without
 * the weights is checked before they are loaded: the graph, its paths, the input files (their
 * headers: the pixel limit), the outputs.
 */
export async function runCommand(args: RunArgs, out: CliOutput, signal: AbortSignal): Promise<number> {
  const graphPath = resolve(args.graph);
  const graph = await readGraphFile(graphPath, args.graph);
  if (isEvaluationGraph(graph)) return evaluateCommand(graph, graphPath, args, out, signal);
  const plan = compile(applyOverrides(graph, args), args.graph);
  if (args.frames && !isFrameGraph(plan)) throw new UsageError(`--frames: ${args.graph} has no video.frames node: it runs once`);
  const files = await runFiles(graph, graphPath, args.out);
  files.notes.forEach(out.log);
  const oneScale = oneScaleNote(plan.graph);
  if (oneScale) out.log(`note: ${oneScale}`);
  for (const path of [files.target, ...files.outputs.values(), ...[...files.videos.values()].map((v) => v.path)]) await removeStaleTemporaries(dirname(path), { base: basename(path) });

  const session = await RunSession.start({ backend: args.backend, log: out.log, weights: (s) => cliWeights(args.weights, out.log, s) });
  try {
    if (isFrameGraph(plan)) {
      const readImage = (path: string) => readImageFile(files.inputs.get(path)!, { signal });
      const env = await session.environment(plan.graph, readImage, signal);
      return await frameRun(plan, files, { ...env, opticalFlow: await opticalFlowFor(graph) }, args, out, signal);
    }
    const progress = runProgress(plan, session.backend, args.json, out);
    const readImage = (path: string) => readImageFile(files.inputs.get(path)!, { signal });
    const run = await session.run(plan, { readImage }, { signal, onStart: progress.onStart, onProgress: progress.onProgress, source: args.graph }).finally(() => progress.stop());
    const { result } = run;
    if (result.status === 'cancelled') {
      if (args.json) out.line(JSON.stringify({ event: 'cancelled', iteration: result.iterations }));
      out.log(`cancelled after ${result.iterations} iterations; nothing written`);
      return 130;
    }
    // All or nothing: the images and the record go under temporary names, and into place once all are written.
    const images = await stageFiles([
      { path: files.target, data: encodePng(result.image), fail: (why) => outputError(args.out, undefined, why) },
      ...result.outputs.flatMap((output) => {
        const path = files.outputs.get(output.nodeId);
        return path === undefined ? [] : [{ path, data: encodePng(output.image), fail: (why: string) => outputError(args.out, output.nodeId, why) }];
      }),
    ]);
    const staged = await stageCliRecord(graphPath, plan, { ...args, backend: session.backend }, run, out.log);
    await images.commit();
    const record = await commitCliRecord(staged, graphPath, out.log);
    if (args.json) out.line(JSON.stringify({ event: 'done', out: files.target, seconds: result.seconds }));
    else out.log(`wrote ${files.target} (${result.image.width}x${result.image.height}) in ${result.seconds.toFixed(1)} s${record ? `; recorded in ${record}` : ''}`);
    return 0;
  } finally {
    await session.dispose();
  }
}
