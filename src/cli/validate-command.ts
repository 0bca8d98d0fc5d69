import { readFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { loadGraph } from '../core/graph/load';
import { checkInputFiles } from '../node/input-files';
import { maxPixelsFromEnv } from '../node/image-file';
import { checkVideoOutputs } from '../node/video-outputs';

/**
 * `stylegraph validate`: prints every problem of each file (the graph's own, then its input files'
 * as `run` checks them: there, inside its folder, headers within the pixel limit; a video's ffmpeg) and any notes
 * about inputs left out; returns 1 if any file has a problem.
 */
export async function validateCommand(files: readonly string[], log: (line: string) => void): Promise<number> {
  const maxPixels = maxPixelsFromEnv();
  let failed = 0;
  for (const file of files) {
    let problems: readonly { message: string }[];
    let notes: readonly string[] = [];
    try {
      const loaded = loadGraph(await readFile(file, 'utf8'), { fileName: basename(file) });
      const inputs = loaded.graph && (await checkInputFiles(loaded.graph, dirname(resolve(file)), maxPixels));
      const videos = loaded.graph && (await checkVideoOutputs(loaded.graph));
      problems = [...loaded.problems, ...(inputs?.problems ?? []), ...(videos?.problems ?? [])];
      notes = inputs?.notes ?? [];
    } catch (e) {
      problems = [{ message: `cannot read the file: ${(e as Error).message}` }];
    }
    if (problems.length) failed++;
    log(problems.length ? `${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}` : `${file}: ok`);
    for (const p of problems) log(`  - ${p.message}`);
    for (const note of notes) log(`  note: ${note}`);
  }
  return failed ? 1 : 0;
}
