import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { PlanError, type SweepPlanArgs } from './args';
import type { CliOutput } from './cli-output';
import { cliWeights } from './weights';
import { runProgress } from './run-progress';
import { runFiles } from './run-files';
import { checkPlanInputs, finishedRun, readPlan, type PlanFolder } from './plan-folder';
import { runInfo } from '../core/history/run-info';
import { RECORD_FILES, RUN_FORMAT, RUN_VERSION, writeLossLog } from '../core/history/run-record';
import { applyOverrides } from '../core/graph/overrides';
import { writeCanonical } from '../core/graph/canonical';
import { compile } from '../core/compile/plan';
import { applyCombination, combinationAt, describeCombination } from '../core/sweep/combinations';
import { inCombination } from '../core/sweep/combination-error';
import { INDEX_VARIABLES, failedRunFile, indexSource, parseIndex, runFolder, withPlanInputs, writePlanRunInfo } from '../core/sweep/plan-file';
import { CLI_BACKENDS, type CliBackend } from '../node/backend';
import { readGraphFile, RunSession, type SessionRun } from '../node/run-session';
import { encodePng, readImageFile } from '../node/image-file';
import { removeStaleTemporaries } from '../node/stale-temporaries';
import { temporaryName } from '../node/temp-names';
import { writeFileAtomic } from '../node/atomic-write';

/**
 * `stylegraph sweep --plan PLAN [--index K]`: runs one combination of an emitted plan and writes
 * DIR/runs/K/ (image.png, run.json, losses.json, graph.json), written under a temporary name and
 * renamed whole, so a worker killed midway leaves no runs/K. The index is --index, else the first
 * set of INDEX_VARIABLES. An index already finished is skipped (exit 0) unless --force. A plan
 * that cannot be used (another format or version, an index outside it, inputs changed since the
 * emit) throws a PlanError (exit 2) before anything is written. An index that fails later writes
 * its error into runs/K.failed.txt (removed when it succeeds) for --collect to tell. Each worker
 * writes only its own runs/K and runs/K.failed.txt (and temporaries named after them), so any
 * number can share the folder. Returns 0, or 130 when cancelled (nothing written).
 */
export async function sweepPlanCommand(args: SweepPlanArgs, out: CliOutput, signal: AbortSignal): Promise<number> {
  const folder = await readPlan(args.plan);
  const { plan, dir } = folder;
  const source = indexSource(args.index, process.env);
  if (!source) throw new PlanError(`no index: give --index K (0..${plan.runs.length - 1}) or set one of ${INDEX_VARIABLES.map((v) => `$${v}`).join(', ')}`);
  let index: number;
  try {
    index = parseIndex(source.text, source.from, plan.runs.length);
  } catch (e) {
    throw new PlanError(`${folder.path}: ${(e as Error).message}`);
  }
  const runDir = join(dir, runFolder(index));
  const label = describeCombination(plan.vary, combinationAt(plan.vary, index));
  if (!args.force && (await finishedRun(folder, index))) {
    if (args.json) out.line(JSON.stringify({ event: 'skipped', index, out: runDir }));
    out.log(`index ${index} (${label}) finished already in ${runDir}; skipped (--force runs it again)`);
    return 0;
  }
  await checkPlanInputs(folder);
  if (!(CLI_BACKENDS as readonly string[]).includes(plan.backend)) throw new PlanError(`${folder.path}: $.backend must be one of ${CLI_BACKENDS.join(', ')}, not ${JSON.stringify(plan.backend)}`);

  const failed = join(dir, failedRunFile(index));
  try {
    const code = await runIndex(args, out, signal, folder, index, label);
    if (code === 0) await rm(failed, { force: true });
    return code;
  } catch (error) {
    // What --collect tells besides "missing": the error this index ended with (not a Ctrl-C).
    if (!signal.aborted) await writeFileAtomic(failed, `${(error as Error).message}\n`).catch(() => undefined);
    throw error;
  }
}

/** Runs index `index` of the checked plan and writes runs/K (sweepPlanCommand's second half). */
async function runIndex(args: SweepPlanArgs, out: CliOutput, signal: AbortSignal, folder: PlanFolder, index: number, label: string): Promise<number> {
  const { plan, dir } = folder;
  const runDir = join(dir, runFolder(index));
  const graphPath = join(dir, plan.graph);
  const stored = await readGraphFile(graphPath, graphPath);
  const overrides = { size: plan.size ?? undefined, iterations: plan.iterations ?? undefined, seed: plan.seed ?? undefined };
  const graph = withPlanInputs(applyCombination(applyOverrides(stored, overrides), plan.vary, combinationAt(plan.vary, index)), plan.inputs);
  let compiled;
  try {
    compiled = compile(graph, graphPath);
  } catch (error) {
    throw inCombination(error, label);
  }
  const files = await runFiles(graph, graphPath, join(runDir, RECORD_FILES.image));
  files.notes.forEach(out.log);
  await removeStaleTemporaries(join(dir, 'runs'));

  if (!args.json) out.log(`index ${index} of ${plan.runs.length}: ${label}`);
  const session = await RunSession.start({ backend: plan.backend as CliBackend, log: out.log, weights: (s) => cliWeights(args.weights, out.log, s) });
  const backend = session.backend;
  try {
    const progress = runProgress(compiled, backend, args.json, out, { run: index + 1, runs: plan.runs.length });
    const readImage = (path: string) => readImageFile(files.inputs.get(path)!, { signal });
    let run: SessionRun;
    try {
      run = await session.run(compiled, { readImage }, { signal, onStart: progress.onStart, onProgress: progress.onProgress, source: graphPath });
    } catch (error) {
      throw inCombination(error, label);
    } finally {
      progress.stop();
    }
    const { result, recorder, started } = run;
    if (result.status === 'cancelled') {
      if (args.json) out.line(JSON.stringify({ event: 'cancelled', index, iteration: result.iterations }));
      out.log(`cancelled after ${result.iterations} iterations; nothing written`);
      return 130;
    }
    const info = { format: RUN_FORMAT, version: RUN_VERSION, graph: basename(graphPath), ...runInfo(compiled, { started, backend, result, recorder }) } as const;
    const written = await writeRunFolder(runDir, args.force, async (temp) => {
      await writeFile(join(temp, RECORD_FILES.image), encodePng(result.image));
      await writeFile(join(temp, RECORD_FILES.info), writePlanRunInfo(info, plan.runs[index]!));
      await writeFile(join(temp, RECORD_FILES.losses), writeLossLog(recorder.log()));
      await writeFile(join(temp, RECORD_FILES.graph), writeCanonical(graph));
    }, async () => (await finishedRun(folder, index)) !== undefined);
    const losses = recorder.final();
    const loss = losses[compiled.loss.id]!;
    if (args.json) out.line(JSON.stringify({ event: 'done', index, out: runDir, params: plan.runs[index]!.params, loss, losses, seconds: result.seconds }));
    else out.log(written ? `index ${index}: J ${loss.toExponential(3)} in ${result.seconds.toFixed(1)} s; wrote ${runDir}` : `index ${index}: another worker finished it first; kept its ${runDir}`);
    return 0;
  } finally {
    await session.dispose();
  }
}

/**
 * Writes a run's folder whole: `fill` writes into a temporary folder beside `runDir`, renamed to
 * it in one step. Where `runDir` is there already: a finished run (`isFinished`) another worker
 * put there meanwhile is kept (returns false) unless `replace`; anything else (a damaged record, or
 * --force) is moved aside under a temporary name, ours put in place, and the old one removed.
 */
async function writeRunFolder(runDir: string, replace: boolean, fill: (temp: string) => Promise<void>, isFinished: () => Promise<boolean>): Promise<boolean> {
  const temp = temporaryName(runDir);
  try {
    await mkdir(temp, { recursive: true });
    await fill(temp);
    try {
      await rename(temp, runDir);
      return true;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'ENOTDIR') throw error;
    }
    if (!replace && (await isFinished())) return false;
    const old = temporaryName(runDir);
    await rename(runDir, old);
    try {
      await rename(temp, runDir);
    } finally {
      await rm(old, { recursive: true, force: true });
    }
    return true;
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}
