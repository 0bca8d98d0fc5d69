import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { loadGraph } from '../core/graph/load';

/** `stylegraph validate`: prints every problem of each file; returns 1 if any file has one. */
export async function validateCommand(files: readonly string[], log: (line: string) => void): Promise<number> {
  let failed = 0;
  for (const file of files) {
    let problems: readonly { message: string }[];
    try {
      problems = loadGraph(await readFile(file, 'utf8'), { fileName: basename(file) }).problems;
    } catch (e) {
      problems = [{ message: `cannot read the file: ${(e as Error).message}` }];
    }
    if (problems.length) failed++;
    log(problems.length ? `${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}` : `${file}: ok`);
    for (const p of problems) log(`  - ${p.message}`);
  }
  return failed ? 1 : 0;
}
