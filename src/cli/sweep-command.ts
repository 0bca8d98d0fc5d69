import { readFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import type { SweepArgs } from './args';
import type { CliOutput } from './run-command';
import { cliWeights } from './weights';
import { runFiles, type RunFiles } from './run-files';
import { runProgress } from './run-progress';
import { recordCliRun } from './history';
import { LossRecorder } from '../core/history/loss-recorder';
import { checkSweepFolder, clearSweepFolder, SweepFolder } from './sweep-folder';
import { loadGraph } from '../core/graph/load';
import { GraphError } from '../core/graph/problems';
import { applyOverrides } from '../core/graph/overrides';
import { graphName } from '../core/graph/graph-name';
import { compile, type Plan } from '../core/compile/plan';
import { applyCombination, combinationParams, combinationProblems, combinations, describeCombination, typeAxes } from '../core/sweep/combinations';
import { runImageName } from '../core/sweep/sweep-file';
import { runPlan, type ProgressEvent } from '../core/run/executor';
import { TargetCache } from '../core/run/target-cache';
import { vggNetworkFor } from '../node/vgg-network-for';
import { resolveBackend, useBackend } from '../node/backend';
import { readImageFile } from '../node/image-file';
import { hostMemoryBudget } from '../node/memory-budget';
import { faceModelsFor } from '../node/face-files';
import { removeStaleTemporaries } from '../node/stale-temporaries';

/**
 * `stylegraph sweep`: runs the graph once per combination of the --vary values, one after another
 * on one model and one target cache (a run whose targets an earlier run computed reuses them).
 * Every combination is checked before the weights are loaded. Returns 0, or 130 when cancelled:
 * the finished runs stay, listed in a valid sweep.json.
 */
export async function sweepCommand(args: SweepArgs, out: CliOutput, signal: AbortSignal): Promise<number> {
  const graphPath = resolve(args.graph);
  const text = await readFile(graphPath, 'utf8').catch((e: Error) => {
    throw new Error(`cannot read graph file ${args.graph}: ${e.message}`);
  });
  const loaded = loadGraph(text, { fileName: basename(graphPath) });
  if (!loaded.graph || loaded.problems.length) throw new GraphError(loaded.problems, args.graph);
  const base = applyOverrides(loaded.graph, args);
  const typed = typeAxes(base, args.vary);
  if (typed.problems.length) throw new GraphError(typed.problems, args.graph);
  const axes = typed.axes;
  const problems = combinationProblems(base, axes, basename(graphPath));
  if (problems.length) throw new GraphError(problems, args.graph);

  const dir = resolve(args.outDir ?? join(dirname(graphPath), `${graphName(basename(graphPath))}.sweep`));
  const earlier = await checkSweepFolder(dir);
  const all = combinations(axes);
  const runs: { plan: Plan; files: RunFiles; image: string; params: ReturnType<typeof combinationParams>; label: string }[] = [];
  for (const [i, combination] of all.entries()) {
    const graph = applyCombination(base, axes, combination);
    const image = runImageName(i + 1, all.length);
    const files = await runFiles(graph, graphPath, join(dir, image));
    runs.push({ plan: compile(graph, args.graph), files, image, params: combinationParams(axes, combination), label: describeCombination(axes, combination) });
  }
  new Set(runs.flatMap((run) => run.files.notes)).forEach((line) => out.log(line));
  await removeStaleTemporaries(dir);

  const backend = resolveBackend(args.backend, out.log);
  await useBackend(backend);
  const faceModels = await faceModelsFor(base);
  const model = vggNetworkFor(backend, await cliWeights(args.weights, out.log, signal));
  const memoryBudget = hostMemoryBudget();
  const cache = new TargetCache();
  const started = performance.now();
  try {
    signal.throwIfAborted();
    await clearSweepFolder(dir, earlier);
    const folder = new SweepFolder(dir, relative(dir, graphPath).split(sep).join('/'), axes);
    await folder.start();
    /** Cancelled in run `position` after `iterations`: the runs before it are kept. */
    const cancelled = (position: { run: number; runs: number }, iterations: number) => {
      if (args.json) out.line(JSON.stringify({ event: 'cancelled', ...position, iteration: iterations }));
      const kept = position.run - 1;
      out.log(`cancelled in run ${position.run}/${position.runs} after ${iterations} iterations; ${kept} finished run${kept === 1 ? '' : 's'} kept in ${dir}`);
      return 130;
    };
    for (const [i, run] of runs.entries()) {
      const position = { run: i + 1, runs: runs.length };
      if (signal.aborted) return cancelled(position, 0);
      if (!args.json) out.log(`run ${position.run}/${position.runs}: ${run.label}`);
      const progress = runProgress(run.plan, args.json, out, position);
      const recorder = new LossRecorder(run.plan.loss.id, run.plan.reported);
      const runStarted = new Date();
      const onProgress = (e: ProgressEvent) => {
        recorder.add(e);
        progress.onProgress(e);
      };
      const env = { model, cache, faceModels, readImage: (path: string) => readImageFile(run.files.inputs.get(path)!, { signal }), memoryBudget };
      const result = await runPlan(run.plan, env, { signal, onProgress, source: args.graph });
      progress.stop();
      if (result.status === 'cancelled') return cancelled(position, result.iterations);
      const losses = recorder.final();
      const finished = { params: run.params, image: run.image, loss: losses[run.plan.loss.id]!, losses, seconds: Math.round(result.seconds * 1000) / 1000 };
      await folder.add(i, finished, result.image);
      await recordCliRun(graphPath, run.plan, { ...args, backend }, { started: runStarted, result, recorder, sweep: { folder: dir, run: position.run, params: run.params } }, out.log);
      const targets = { computed: result.stats.constantEvaluations, reused: result.stats.cachedConstants };
      if (args.json) out.line(JSON.stringify({ event: 'run', ...position, ...finished, image: join(dir, run.image), targets }));
      else out.log(`run ${position.run}/${position.runs}: J ${finished.loss.toExponential(3)} in ${finished.seconds.toFixed(1)} s (targets: ${targets.computed} computed, ${targets.reused} reused)`);
    }
    const seconds = (performance.now() - started) / 1000;
    if (args.json) out.line(JSON.stringify({ event: 'done', out: dir, runs: runs.length, seconds }));
    else out.log(`wrote ${runs.length} runs to ${dir} (index.html, grid.png, sweep.json) in ${seconds.toFixed(1)} s`);
    return 0;
  } finally {
    cache.clear();
    model.dispose();
  }
}
