import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import type { SweepArgs } from './args';
import type { CliOutput } from './cli-output';
import { cliWeights } from './weights';
import { sweepRunFiles } from './sweep-files';
import { runProgress } from './run-progress';
import { recordCliRun } from './history';
import { checkSweepFolder, SweepFolder } from './sweep-folder';
import { checkSweep } from './sweep-check';
import { graphName } from '../core/graph/graph-name';
import { compile } from '../core/compile/plan';
import { applyCombination, combinationAt, combinationParams, describeCombination } from '../core/sweep/combinations';
import { inCombination } from '../core/sweep/combination-error';
import { describeRunCount, runCount } from '../core/sweep/run-count';
import { runImageName } from '../core/sweep/sweep-file';
import { readImageFile } from '../node/image-file';
import { removeStaleTemporaries } from '../node/stale-temporaries';
import { RunSession, type SessionRun } from '../node/run-session';

/**
 * `stylegraph sweep`: runs the graph once per combination of the --vary values, one after another
 * on one model and one target cache (a run whose targets an earlier run computed reuses them).
 * Every combination is checked before the weights are loaded. Returns 0, or 130 when cancelled:
 * the finished runs stay, listed in a valid sweep.json.
 */
export async function sweepCommand(args: SweepArgs, out: CliOutput, signal: AbortSignal): Promise<number> {
  out.log(`sweep: ${describeRunCount(args.vary)}`);
  const { graphPath, base, axes } = await checkSweep(args);

  const dir = resolve(args.outDir ?? join(dirname(graphPath), `${graphName(basename(graphPath))}.sweep`));
  const earlier = await checkSweepFolder(dir);
  const { filesOf, notes } = await sweepRunFiles(base, axes, graphPath, dir);
  notes.forEach((line) => out.log(line));
  await removeStaleTemporaries(dir);

  const session = await RunSession.start({ backend: args.backend, log: out.log, weights: (s) => cliWeights(args.weights, out.log, s) });
  const started = performance.now();
  const runs = runCount(axes);
  try {
    // The weights load before the folder is started, so a failure to load them leaves the folder as it was.
    await session.prepare(base, signal);
    signal.throwIfAborted();
    const folder = new SweepFolder(dir, relative(dir, graphPath).split(sep).join('/'), axes);
    await folder.start(earlier);
    /** Cancelled in run `position` after `iterations`: the runs before it are kept. */
    const cancelled = (position: { run: number; runs: number }, iterations: number) => {
      if (args.json) out.line(JSON.stringify({ event: 'cancelled', ...position, iteration: iterations }));
      const kept = position.run - 1;
      out.log(`cancelled in run ${position.run}/${position.runs} after ${iterations} iterations; ${kept} finished run${kept === 1 ? '' : 's'} kept in ${dir}`);
      return 130;
    };
    for (let i = 0; i < runs; i++) {
      const position = { run: i + 1, runs };
      if (signal.aborted) return cancelled(position, 0);
      const combination = combinationAt(axes, i);
      const label = describeCombination(axes, combination);
      if (!args.json) out.log(`run ${position.run}/${position.runs}: ${label}`);
      const plan = compile(applyCombination(base, axes, combination), args.graph);
      const files = filesOf(combination);
      const progress = runProgress(plan, session.backend, args.json, out, position);
      const readImage = (path: string) => readImageFile(files.inputs.get(path)!, { signal });
      let run: SessionRun;
      try {
        run = await session.run(plan, { readImage }, { signal, onStart: progress.onStart, onProgress: progress.onProgress, source: args.graph });
      } catch (error) {
        // A per-scale shape problem, a loss that stops being finite, ...: this combination's.
        throw inCombination(error, label);
      } finally {
        progress.stop();
      }
      const { result, recorder } = run;
      if (result.status === 'cancelled') return cancelled(position, result.iterations);
      const params = combinationParams(axes, combination);
      const losses = recorder.final();
      const finished = { params, image: runImageName(position.run, runs), loss: losses[plan.loss.id]!, losses, seconds: Math.round(result.seconds * 1000) / 1000 };
      await folder.add(i, finished, result.image);
      await recordCliRun(graphPath, plan, { ...args, backend: session.backend }, { ...run, sweep: { folder: dir, run: position.run, params } }, out.log);
      const targets = { computed: result.stats.constantEvaluations, reused: result.stats.cachedConstants };
      if (args.json) out.line(JSON.stringify({ event: 'run', ...position, ...finished, image: join(dir, finished.image), targets }));
      else out.log(`run ${position.run}/${position.runs}: J ${finished.loss.toExponential(3)} in ${finished.seconds.toFixed(1)} s (targets: ${targets.computed} computed, ${targets.reused} reused)`);
    }
    const seconds = (performance.now() - started) / 1000;
    if (args.json) out.line(JSON.stringify({ event: 'done', out: dir, runs, seconds }));
    else out.log(`wrote ${runs} runs to ${dir} (index.html, grid.png, sweep.json) in ${seconds.toFixed(1)} s`);
    return 0;
  } finally {
    await session.dispose();
  }
}
