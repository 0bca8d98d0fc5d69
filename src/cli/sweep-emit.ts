import { chmod, mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import type { SweepArgs } from './args';
import type { CliOutput } from './cli-output';
import { checkSweep } from './sweep-check';
import { sweepRunFiles } from './sweep-files';
import { writeCanonical } from '../core/graph/canonical';
import { combinationAt } from '../core/sweep/combinations';
import { describeRunCount, runCount } from '../core/sweep/run-count';
import { PLAN_FILES, PLAN_FORMAT, PLAN_VERSION, planRuns, withPlanInputs, writePlanFile, type PlanFile } from '../core/sweep/plan-file';
import { commandsText, indexedJobYaml, planReadme, slurmScript } from '../core/sweep/cluster-scripts';
import { copyInput } from '../node/plan-inputs';
import { temporaryName } from '../node/temp-names';

/**
 * `stylegraph sweep GRAPH --vary ... --emit DIR`: checks every combination as `sweep` does (the
 * graph rules, the input files), then writes the plan into DIR (which must be missing or empty):
 * plan.json, the graph and every file it reads under content-addressed names in inputs/, the
 * engines' files (commands.txt, slurm.sbatch, indexed-job.yaml), README.txt, and the empty runs/
 * and logs/ folders. It is all written into a temporary folder renamed to DIR whole: a plan is
 * complete or absent. Runs nothing and loads no weights. Returns 0.
 */
export async function sweepEmitCommand(args: SweepArgs & { readonly emit: string }, out: CliOutput): Promise<number> {
  out.log(`sweep: ${describeRunCount(args.vary)}`);
  const { graphPath, graph, axes } = await checkSweep(args);
  const dir = resolve(args.emit);
  await checkEmitFolder(dir, args.emit);
  const { filesOf, notes } = await sweepRunFiles(graph, axes, graphPath, dir);
  notes.forEach((line) => out.log(line));
  /** Every input of every combination, by the path the graph or a --vary value writes. */
  const read = new Map<string, string>();
  const runs = runCount(axes);
  for (let i = 0; i < runs; i++) for (const [raw, path] of filesOf(combinationAt(axes, i)).inputs) read.set(raw, path);

  await mkdir(dirname(dir), { recursive: true });
  const temp = temporaryName(dir);
  try {
    const inputsDir = join(temp, PLAN_FILES.inputs);
    await mkdir(inputsDir, { recursive: true });
    for (const folder of [PLAN_FILES.runs, PLAN_FILES.logs]) await mkdir(join(temp, folder));
    const inputs: Record<string, string> = {};
    for (const [raw, path] of [...read].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) inputs[raw] = await copyInput(path, inputsDir);
    const graphText = writeCanonical(withPlanInputs(graph, inputs));
    const graphFile = `${createHash('sha256').update(graphText).digest('hex')}.stylegraph.json`;
    await writeFile(join(inputsDir, graphFile), graphText);
    const plan: PlanFile = {
      format: PLAN_FORMAT,
      version: PLAN_VERSION,
      graph: `${PLAN_FILES.inputs}/${graphFile}`,
      inputs,
      vary: axes,
      runs: planRuns(axes),
      size: args.size ?? null,
      iterations: args.iterations ?? null,
      seed: args.seed ?? null,
      backend: args.backend,
    };
    await writeFile(join(temp, PLAN_FILES.plan), writePlanFile(plan));
    await writeFile(join(temp, PLAN_FILES.commands), commandsText(runs));
    await writeFile(join(temp, PLAN_FILES.slurm), slurmScript(runs, args.parallel));
    await chmod(join(temp, PLAN_FILES.slurm), 0o755);
    await writeFile(join(temp, PLAN_FILES.kubernetes), indexedJobYaml(runs, args.parallel));
    await writeFile(join(temp, PLAN_FILES.readme), planReadme(runs, args.parallel));
    // Over a missing or empty folder: the plan appears whole.
    await rename(temp, dir);
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
  out.log(`wrote a plan of ${runs} run${runs === 1 ? '' : 's'} to ${dir}; nothing ran. Run it with parallel, sbatch or kubectl as ${join(dir, PLAN_FILES.readme)} says, then: stylegraph sweep --collect ${args.emit}`);
  return 0;
}

/** Refuses an --emit folder that is a file or holds anything (a plan is never mixed into other files, nor into an earlier plan). */
async function checkEmitFolder(dir: string, flag: string): Promise<void> {
  const info = await stat(dir).catch(() => undefined);
  if (!info) return;
  if (!info.isDirectory()) throw new Error(`--emit ${flag}: ${dir} is a file; choose a new folder`);
  const names = await readdir(dir);
  if (names.length) throw new Error(`--emit ${flag}: ${dir} is not empty (it holds ${names.length === 1 ? names[0] : `${names.length} entries`}); choose a new folder`);
}
