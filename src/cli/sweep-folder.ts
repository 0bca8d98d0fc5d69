import { mkdir, readFile, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { RawImage } from '../core/image/raw-image';
import { combinations, type SweepAxis } from '../core/sweep/combinations';
import { contactSheet } from '../core/sweep/contact-sheet';
import { galleryHtml } from '../core/sweep/gallery-html';
import { SWEEP_FILES, isRunImageName, parseSweepFile, writeSweepFile, type SweepRun } from '../core/sweep/sweep-file';
import { writeFileAtomic } from '../node/atomic-write';
import { writePngFile } from '../node/image-file';
import { assertWritable } from '../node/writable';
import { isTemporaryName } from '../node/temp-names';

/**
 * Checks, before any run, that `dir` can hold the sweep: it is missing, empty, or holds an earlier
 * sweep (a sweep.json that reads as one); temporaries of killed writes do not count. Returns that earlier sweep's files (sweep.json, index.html,
 * grid.png, run-N.png), which clearSweepFolder removes; anything else in the folder is left alone.
 */
export async function checkSweepFolder(dir: string): Promise<string[]> {
  const info = await stat(dir).catch(() => undefined);
  if (info && !info.isDirectory()) throw new Error(`the sweep folder ${dir} is a file`);
  const names = info ? (await readdir(dir)).filter((n) => !isTemporaryName(n)) : [];
  if (names.length && !names.includes(SWEEP_FILES.sweep)) throw new Error(`${dir} is not empty and holds no ${SWEEP_FILES.sweep}; choose another --out-dir`);
  if (names.length) {
    const text = await readFile(join(dir, SWEEP_FILES.sweep), 'utf8');
    try {
      parseSweepFile(text);
    } catch (e) {
      throw new Error(`${join(dir, SWEEP_FILES.sweep)} is not a sweep's: ${(e as Error).message}; choose another --out-dir`);
    }
  }
  await assertWritable(join(dir, SWEEP_FILES.sweep));
  const ours = new Set<string>(Object.values(SWEEP_FILES));
  return names.filter((n) => ours.has(n) || isRunImageName(n)).map((n) => join(dir, n));
}

export async function clearSweepFolder(dir: string, earlier: readonly string[]): Promise<void> {
  for (const path of earlier) await rm(path, { force: true });
  await mkdir(dir, { recursive: true });
}

/**
 * The sweep folder's files as runs finish: after each, its image, then grid.png and index.html,
 * then sweep.json (each replaced in one step), so sweep.json only ever lists images that exist.
 */
export class SweepFolder {
  private readonly runs: SweepRun[] = [];
  private readonly images: (RawImage | undefined)[];

  constructor(private readonly dir: string, private readonly graph: string, private readonly axes: readonly SweepAxis[]) {
    this.images = combinations(axes).map(() => undefined);
  }

  /** Writes the files of an empty sweep (no run finished yet). */
  async start(): Promise<void> {
    await this.write();
  }

  /** Adds the run at `index` (in combination order) and rewrites the files. */
  async add(index: number, run: SweepRun, image: RawImage): Promise<void> {
    await writePngFile(join(this.dir, run.image), image);
    this.runs.push(run);
    this.images[index] = image;
    await this.write();
  }

  private async write(): Promise<void> {
    const sweep = { graph: this.graph, vary: this.axes, runs: this.runs };
    const columns = this.axes.at(-1)!.values.length;
    if (this.runs.length) await writePngFile(join(this.dir, SWEEP_FILES.sheet), contactSheet(this.images, columns));
    await writeFileAtomic(join(this.dir, SWEEP_FILES.gallery), galleryHtml(sweep, this.images.length, this.runs.length ? SWEEP_FILES.sheet : undefined));
    await writeFileAtomic(join(this.dir, SWEEP_FILES.sweep), writeSweepFile(sweep));
  }
}
