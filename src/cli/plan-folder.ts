import { readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { PlanError } from './args';
import { PLAN_FILES, inputHash, parsePlanFile, parsePlanRunInfo, runFolder, type PlanFile, type PlanRunInfo } from '../core/sweep/plan-file';
import { contentKey } from '../node/weights-cache';
import { inputMismatch } from '../node/plan-inputs';

/** An emitted plan read from its file: the plan, its folder and the file's path. */
export interface PlanFolder {
  readonly plan: PlanFile;
  readonly dir: string;
  readonly path: string;
}

/** Reads plan.json at `path` (a plan's folder is taken as its plan.json); throws a PlanError naming the file and what is wrong. */
export async function readPlan(path: string): Promise<PlanFolder> {
  let file = resolve(path);
  if ((await stat(file).catch(() => undefined))?.isDirectory()) file = join(file, PLAN_FILES.plan);
  const text = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
    throw new PlanError(`cannot read the plan ${file}: ${e.code === 'ENOENT' ? 'no such file (sweep GRAPH --vary ... --emit DIR writes DIR/plan.json)' : e.message}`);
  });
  try {
    return { plan: parsePlanFile(text), dir: dirname(file), path: file };
  } catch (e) {
    throw new PlanError(`${file}: ${(e as Error).message}`);
  }
}

/** Checks that the plan's graph and every input in `inputs/` still hold the bytes their names say; throws a PlanError naming the first that does not. */
export async function checkPlanInputs({ plan, dir }: PlanFolder): Promise<void> {
  const graph = join(dir, plan.graph);
  const key = await contentKey(graph).catch(() => undefined);
  if (key === undefined) throw new PlanError(`the plan's graph ${graph} is missing`);
  if (key !== inputHash(plan.graph.slice(PLAN_FILES.inputs.length + 1))) throw new PlanError(`the plan's graph ${graph} has sha256 ${key}, not the one its name says: it changed after the plan was emitted`);
  for (const [raw, name] of Object.entries(plan.inputs)) {
    const why = await inputMismatch(join(dir, PLAN_FILES.inputs), name);
    if (why) throw new PlanError(`${join(dir, PLAN_FILES.inputs, name)} (the graph's ${JSON.stringify(raw)}) ${why}`);
  }
}

/** Run `index`'s record when it finished (runs/K/run.json reads as its), else undefined. */
export async function finishedRun({ plan, dir }: PlanFolder, index: number): Promise<PlanRunInfo | undefined> {
  const text = await readFile(join(dir, runFolder(index), 'run.json'), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    return parsePlanRunInfo(text, plan.runs[index]!);
  } catch {
    return undefined;
  }
}
