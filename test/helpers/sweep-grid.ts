import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runCli } from './cli';
import { stylegraphOnPath } from './cluster-tools';

/** The 2x3 sweep of the issue, at 32x32 on narrow random weights. */
export const GRID = ['--size', '32x32', '--iterations', '3', '--backend', 'cpu', '--vary', 'alpha.w=1,10', '--vary', 'beta.w=1,2,3'];

/** Emits the GRID sweep of `graph` (--emit) into `ws`/`name`, then `extra`; fails unless the CLI exits 0; returns the plan folder. */
export async function emitGrid(ws: string, graph: string, name: string, ...extra: string[]): Promise<string> {
  const dir = join(ws, name);
  const r = await runCli(['sweep', graph, ...GRID, '--emit', dir, ...extra], { cwd: ws });
  assert.equal(r.code, 0, r.stderr);
  return dir;
}

/** The environment of a plan's worker: the weights, and bin/stylegraph on PATH. */
export const workerEnv = (weights: string) => ({ STYLEGRAPH_WEIGHTS: weights, PATH: `${stylegraphOnPath()}:${process.env.PATH}` });
