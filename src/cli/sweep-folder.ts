import { mkdir, readFile, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { RawImage } from '../core/image/raw-image';
import type { SweepAxis } from '../core/sweep/combinations';
import { runCount } from '../core/sweep/run-count';
import { contactSheet } from '../core/sweep/contact-sheet';
import { galleryHtml } from '../core/sweep/gallery-html';
import { SWEEP_FILES, isCutShortSweepFile, isSweepFileName, parseSweepFile, writeSweepFile, type SweepFile, type SweepRun } from '../core/sweep/sweep-file';
import { writeFileAtomic } from '../node/atomic-write';
import { writePngFile } from '../node/image-file';
import { assertWritable } from '../node/writable';
import { isTemporaryName } from '../node/temp-names';

/**
 * Checks, before any run, that `dir` can hold the sweep: it is missing or empty, holds an earlier
 * sweep (a sweep.json that reads as one; other files stay), or holds only what a killed sweep left:
 * files a sweep writes (sweep.json, index.html, grid.png, run-N.png), sweep.json missing or cut
 * short. Temporaries of killed writes do not count. Returns the files a sweep writes that are there,
 * which SweepFolder.start replaces or removes; anything else in the folder is left alone.
 */
export async function checkSweepFolder(dir: string): Promise<string[]> {
  const info = await stat(dir).catch(() => undefined);
  if (info && !info.isDirectory()) throw new Error(`the sweep folder ${dir} is a file`);
  const entries = info ? (await readdir(dir, { withFileTypes: true })).filter((e) => !isTemporaryName(e.name)) : [];
  const names = entries.map((e) => e.name);
  const others = names.filter((n) => !isSweepFileName(n));
  const folder = entries.find((e) => isSweepFileName(e.name) && e.isDirectory());
  if (folder) throw new Error(`${join(dir, folder.name)} is a folder, where the sweep writes a file; choose another --out-dir`);
  const sweepFile = join(dir, SWEEP_FILES.sweep);
  if (names.includes(SWEEP_FILES.sweep)) {
    const text = await readFile(sweepFile, 'utf8');
    try {
      parseSweepFile(text);
    } catch (e) {
      if (others.length || !isCutShortSweepFile(text)) throw new Error(`${sweepFile} is not a sweep's: ${(e as Error).message}; choose another --out-dir`);
    }
  } else if (others.length) {
    throw new Error(`${dir} is not empty and holds no ${SWEEP_FILES.sweep}; choose another --out-dir`);
  }
  await assertWritable(sweepFile);
  return names.filter(isSweepFileName).map((n) => join(dir, n));
}

/**
 * The sweep folder's files: sweep.json first (start), then as runs finish: after each, its image,
 * then grid.png and index.html, then sweep.json (each replaced in one step), so sweep.json only
 * ever lists images that exist and the folder never holds a sweep's files without it.
 */
export class SweepFolder {
  private readonly runs: SweepRun[] = [];
  private readonly images: (RawImage | undefined)[];

  constructor(private readonly dir: string, private readonly graph: string, private readonly axes: readonly SweepAxis[]) {
    this.images = new Array<RawImage | undefined>(runCount(axes)).fill(undefined);
  }

  /**
   * Makes the folder and writes sweep.json (no run finished yet) before anything else, then removes
   * the `earlier` sweep's files (checkSweepFolder's list) and writes index.html: killed at any
   * point, it leaves a folder that checkSweepFolder takes as a sweep's.
   */
  async start(earlier: readonly string[]): Promise<void> {
    const sweepFile = join(this.dir, SWEEP_FILES.sweep);
    await mkdir(this.dir, { recursive: true });
    await writeFileAtomic(sweepFile, writeSweepFile(this.sweep()));
    for (const path of earlier) if (path !== sweepFile) await rm(path, { force: true });
    await writeFileAtomic(join(this.dir, SWEEP_FILES.gallery), this.gallery());
  }

  /** Adds the run at `index` (in combination order) and rewrites the files. */
  async add(index: number, run: SweepRun, image: RawImage): Promise<void> {
    await writePngFile(join(this.dir, run.image), image);
    this.runs.push(run);
    this.images[index] = image;
    await this.write();
  }

  /**
   * Adds runs finished elsewhere (`sweep --collect`: each with its index in combination order),
   * then writes grid.png, index.html and sweep.json once, as `add` does after each run.
   */
  async addAll(finished: readonly { readonly index: number; readonly run: SweepRun; readonly image: RawImage }[]): Promise<void> {
    for (const { index, run, image } of [...finished].sort((a, b) => a.index - b.index)) {
      await writePngFile(join(this.dir, run.image), image);
      this.runs.push(run);
      this.images[index] = image;
    }
    await this.write();
  }

  private async write(): Promise<void> {
    const columns = this.axes.at(-1)!.values.length;
    await writePngFile(join(this.dir, SWEEP_FILES.sheet), contactSheet(this.images, columns));
    await writeFileAtomic(join(this.dir, SWEEP_FILES.gallery), this.gallery());
    await writeFileAtomic(join(this.dir, SWEEP_FILES.sweep), writeSweepFile(this.sweep()));
  }

  private sweep(): SweepFile {
    return { graph: this.graph, vary: this.axes, runs: this.runs };
  }

  private gallery(): string {
    return galleryHtml(this.sweep(), this.images.length, this.runs.length ? SWEEP_FILES.sheet : undefined);
  }
}
