import { basename, join } from 'node:path';
import type { Graph } from '../core/graph/types';
import { parsePortRef } from '../core/graph/types';
import { isPathParam } from '../core/graph/graph-paths';
import { quote } from '../core/text/quote';
import { applyCombination, describeCombination, eachCombinationOn, type Combination, type SweepAxis } from '../core/sweep/combinations';
import { inCombination } from '../core/sweep/combination-error';
import { runCount } from '../core/sweep/run-count';
import { isSweepFileName, runImageName } from '../core/sweep/sweep-file';
import { realTarget } from '../node/confine';
import { runFiles, type RunFiles } from './run-files';

/**
 * The files of every run of a sweep into `dir`, checked before anything is loaded: runFiles once
 * per distinct value of the axes that set a path (once when none does), each run's image in `dir`
 * as its output. A problem names the path values it has. Also refuses a graph that reads one of the
 * files the sweep writes or removes (run-N.png, grid.png, ...). Returns each combination's files,
 * and the notes of all of them (each once).
 */
export async function sweepRunFiles(
  base: Graph,
  axes: readonly SweepAxis[],
  graphPath: string,
  dir: string,
): Promise<{ readonly filesOf: (combination: Combination) => RunFiles; readonly notes: readonly string[] }> {
  const pathAxes = axes.flatMap((axis, i) => (axis.keys.some((key) => isPathKey(base, key)) ? [i] : []));
  const walked = pathAxes.map((i) => axes[i]!);
  const keyOf = (combination: Combination) => JSON.stringify(pathAxes.map((i) => combination[i]));
  const found = new Map<string, RunFiles>();
  for (const { values, combination } of eachCombinationOn(axes, pathAxes)) {
    try {
      const files = await runFiles(applyCombination(base, axes, combination), graphPath, join(dir, runImageName(1, runCount(axes))));
      await assertNotRead(dir, graphPath, files);
      found.set(keyOf(combination), files);
    } catch (error) {
      throw walked.length ? inCombination(error, describeCombination(walked, values)) : error;
    }
  }
  const notes = new Set([...found.values()].flatMap((files) => files.notes));
  return { filesOf: (combination) => found.get(keyOf(combination))!, notes: [...notes] };
}

function isPathKey(graph: Graph, key: string): boolean {
  const ref = parsePortRef(key)!;
  return graph.nodes.some((node) => node.id === ref.node && isPathParam(node, ref.port));
}

/** Refuses a graph file or input that is one of the files a sweep writes or removes in `dir`. */
async function assertNotRead(dir: string, graphPath: string, files: RunFiles): Promise<void> {
  const read = [{ path: graphPath, what: 'the graph file' }, ...[...files.inputs].map(([raw, path]) => ({ path, what: `the image ${quote(raw)} that the graph reads` }))];
  for (const { path, what } of read) {
    const real = await realTarget(path);
    const name = basename(real);
    if (isSweepFileName(name) && (await realTarget(join(dir, name))) === real) {
      throw new Error(`the sweep writes ${join(dir, name)}, which is ${what}; choose another --out-dir`);
    }
  }
}
