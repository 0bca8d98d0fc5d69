import { readdir } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { quote } from '../core/text/quote';
import type { FrameSequence } from '../core/run/frame-loop';
import type { RawImage } from '../core/image/raw-image';
import { checkImageFile, ImageFileError, readImageFile } from './image-file';

/** A frame file's extension (a PNG or JPEG). */
const FRAME_FILE = /^\.(png|jpe?g)$/i;

/** Natural order: frame2 before frame10, case and accents aside. */
const natural = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** The PNG and JPEG files of a folder (not its sub-folders), in natural order. */
export async function listFrameFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  return entries.filter((e) => e.isFile() && FRAME_FILE.test(extname(e.name))).map((e) => e.name).sort((a, b) => natural.compare(a, b) || (a < b ? -1 : 1));
}

/**
 * Checks a folder of frames as image.load checks a file: each frame's header (PNG or JPEG, within
 * `maxPixels`), and one size for all. Returns the frames in natural order, or every problem (worded
 * to follow the folder's name as the graph writes it).
 */
export async function checkFrameFolder(folder: string, raw: string, maxPixels: number): Promise<{ files: string[]; problems: string[] }> {
  const files = await listFrameFiles(folder);
  if (!files.length) return { files, problems: [`${quote(raw)} has no PNG or JPEG frames`] };
  const problems: string[] = [];
  let size: { file: string; width: number; height: number } | undefined;
  for (const file of files) {
    try {
      const header = await checkImageFile(join(folder, file), maxPixels);
      if (!size) size = { file, width: header.width, height: header.height };
      else if (header.width !== size.width || header.height !== size.height) {
        problems.push(`${quote(raw)}: frame ${quote(file)} is ${header.width}x${header.height} but frame ${quote(size.file)} is ${size.width}x${size.height}: every frame must be the same size`);
      }
    } catch (error) {
      const why = error instanceof ImageFileError ? error.detail : `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
      problems.push(`${quote(raw)}: frame ${quote(file)} ${why}`);
    }
  }
  return { files, problems };
}

/** The frames of a checked folder, decoded one at a time as the run asks for them. */
export function folderFrames(folder: string, files: readonly string[], options: { readonly signal?: AbortSignal } = {}): FrameSequence {
  return {
    count: files.length,
    read: (index: number): Promise<RawImage> => readImageFile(join(folder, files[index]!), options),
  };
}
