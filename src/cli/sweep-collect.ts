import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SweepCollectArgs } from './args';
import type { CliOutput } from './cli-output';
import { finishedRun, readPlan } from './plan-folder';
import { SweepFolder } from './sweep-folder';
import type { RawImage } from '../core/image/raw-image';
import type { SweepRun } from '../core/sweep/sweep-file';
import { isSweepFileName, runImageName } from '../core/sweep/sweep-file';
import { RECORD_FILES } from '../core/history/run-record';
import { PLAN_FILES, failedRunFile, runFolder } from '../core/sweep/plan-file';
import { readImageFile } from '../node/image-file';

/** The exit code of a collect that found some runs missing. */
export const COLLECT_INCOMPLETE = 3;

/**
 * `stylegraph sweep --collect DIR`: the finished runs of the plan in DIR (each runs/K/ whose
 * run.json reads as run K's) written as an in-process sweep writes its folder, by the same code
 * (SweepFolder): run-N.png, sweep.json, index.html and grid.png in DIR, a missing run left out as
 * an in-process sweep cut short leaves it. Lists the missing indices with the commands that run
 * them, and the error of each that failed (runs/K.failed.txt). Returns 0 when every run is there,
 * COLLECT_INCOMPLETE (3) otherwise.
 */
export async function sweepCollectCommand(args: SweepCollectArgs, out: CliOutput): Promise<number> {
  const folder = await readPlan(args.dir);
  const { plan, dir } = folder;
  const runs = plan.runs.length;
  const finished: { index: number; run: SweepRun; image: RawImage }[] = [];
  const missing: number[] = [];
  for (const { index, params } of plan.runs) {
    const info = await finishedRun(folder, index);
    const image = info && (await readImageFile(join(dir, runFolder(index), RECORD_FILES.image)).catch(() => undefined));
    if (!info || !image) {
      missing.push(index);
      continue;
    }
    const run = { params, image: runImageName(index + 1, runs), loss: info.loss!, losses: info.losses, seconds: Math.round(info.seconds * 1000) / 1000 };
    finished.push({ index, run, image });
  }
  // What an earlier collect wrote is replaced (run-N.png of runs missing now go).
  const earlier = (await readdir(dir)).filter(isSweepFileName).map((name) => join(dir, name));
  const sweep = new SweepFolder(dir, plan.graph, plan.vary);
  await sweep.start(earlier);
  await sweep.addAll(finished);
  if (args.json) out.line(JSON.stringify({ event: 'collected', runs: finished.length, missing }));
  out.log(`collected ${finished.length} of ${runs} runs into ${dir} (sweep.json, index.html, grid.png)`);
  if (!missing.length) return 0;
  out.log(`missing or failed: ${missing.length} run${missing.length === 1 ? '' : 's'}, index ${missing.join(', ')}; in ${dir} run them with:`);
  for (const index of missing) {
    const error = await readFile(join(dir, failedRunFile(index)), 'utf8').catch(() => undefined);
    const why = error === undefined ? '' : `   (failed: ${error.trim().replace(/\s*\n\s*/g, ' ')})`;
    out.log(`  stylegraph sweep --plan ${PLAN_FILES.plan} --index ${index}${why}`);
  }
  out.log(`or submit everything again (finished indices are skipped): parallel -j 8 < ${PLAN_FILES.commands}, or sbatch ${PLAN_FILES.slurm}`);
  return COLLECT_INCOMPLETE;
}
