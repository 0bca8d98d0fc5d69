import { readFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type { RunArgs } from './args';
import type { CliOutput } from './cli-output';
import { cliWeights } from './weights';
import { runProgress } from './run-progress';
import { commitCliRecord, stageCliRecord } from './history';
import { LossRecorder } from '../core/history/loss-recorder';
import { outputError, runFiles } from './run-files';
import { loadGraph } from '../core/graph/load';
import { GraphError } from '../core/graph/problems';
import { applyOverrides } from '../core/graph/overrides';
import { compile } from '../core/compile/plan';
import { isEvaluationGraph } from '../core/compile/evaluation-plan';
import { evaluateCommand } from './evaluate-command';
import { runPlan, type ProgressEvent } from '../core/run/executor';
import { vggNetworkFor } from '../node/vgg-network-for';
import { resolveBackend, useBackend } from '../node/backend';
import { encodePng, readImageFile } from '../node/image-file';
import { stageFiles } from '../node/staged-files';
import { hostMemoryBudget } from '../node/memory-budget';
import { faceModelsFor } from '../node/face-files';
import { removeStaleTemporaries } from '../node/stale-temporaries';
import { oneScaleNote } from '../core/run/scale-note';

/**
 * `stylegraph run` (a graph without an optimizer is evaluated once: evaluate-command.ts): returns the exit code (0 done, 130 cancelled during the run); throws on errors
 * (an AbortError when cancelled before the run starts). Everything that can be checked without
 * the weights is checked before they are loaded: the graph, its paths, the input files (their
 * headers: the pixel limit), the outputs.
 */
export async function runCommand(args: RunArgs, out: CliOutput, signal: AbortSignal): Promise<number> {
  const graphPath = resolve(args.graph);
  const text = await readFile(graphPath, 'utf8').catch((e: Error) => {
    throw new Error(`cannot read graph file ${args.graph}: ${e.message}`);
  });
  const loaded = loadGraph(text, { fileName: basename(graphPath) });
  if (!loaded.graph || loaded.problems.length) throw new GraphError(loaded.problems, args.graph);
  if (isEvaluationGraph(loaded.graph)) return evaluateCommand(loaded.graph, graphPath, args, out, signal);
  const plan = compile(applyOverrides(loaded.graph, args), args.graph);
  const files = await runFiles(loaded.graph, graphPath, args.out);
  files.notes.forEach(out.log);
  const oneScale = oneScaleNote(plan.graph);
  if (oneScale) out.log(`note: ${oneScale}`);
  for (const path of [files.target, ...files.outputs.values()]) await removeStaleTemporaries(dirname(path), { base: basename(path) });

  const backend = resolveBackend(args.backend, out.log);
  await useBackend(backend);
  const faceModels = await faceModelsFor(loaded.graph);
  const model = vggNetworkFor(backend, await cliWeights(args.weights, out.log, signal));
  try {
    signal.throwIfAborted();
    const progress = runProgress(plan, args.json, out);
    const recorder = new LossRecorder(plan.loss.id, plan.reported);
    const started = new Date();
    const onProgress = (e: ProgressEvent) => {
      recorder.add(e);
      progress.onProgress(e);
    };
    const env = { model, faceModels, readImage: (path: string) => readImageFile(files.inputs.get(path)!, { signal }), memoryBudget: hostMemoryBudget() };
    const result = await runPlan(plan, env, { signal, onProgress, source: args.graph });
    progress.stop();
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
    const finished = { started, result, recorder };
    const staged = await stageCliRecord(graphPath, plan, { ...args, backend }, finished, out.log);
    await images.commit();
    const record = await commitCliRecord(staged, graphPath, out.log);
    if (args.json) out.line(JSON.stringify({ event: 'done', out: files.target, seconds: result.seconds }));
    else out.log(`wrote ${files.target} (${result.image.width}x${result.image.height}) in ${result.seconds.toFixed(1)} s${record ? `; recorded in ${record}` : ''}`);
    return 0;
  } finally {
    model.dispose();
  }
}
