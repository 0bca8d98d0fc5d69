import { readdir } from 'node:fs/promises';
import type { Dirent } from 'node:fs';
import { join } from 'node:path';
import { FACE_IMAGE_FILE, labelOf, type LabelledFile } from '../core/face/labelled-files';
import { quote } from '../core/text/quote';
import { readImageFile } from './image-file';

/** Why a labelled folder without images is refused, worded to follow its name. */
export const NO_FACE_IMAGES = 'holds no PNG or JPEG images (one sub-folder or file-name prefix per person)';

/** The image files of a labelled folder, and the entries it leaves out with a note (never silently). */
export interface FolderListing {
  /** Relative to the folder, with `/`, sorted. */
  readonly files: readonly string[];
  /** One line per left-out entry: a symbolic link (which could lead anywhere), or an image name that is not a regular file. */
  readonly skipped: readonly string[];
}

/**
 * The PNG and JPEG files of `folder` and of its sub-folders (one level: one per person), sorted.
 * Symbolic links are left out (with a line in `skipped`), as are other non-files named like images.
 */
export async function listLabelledFolder(folder: string): Promise<FolderListing> {
  const files: string[] = [];
  const skipped: string[] = [];
  const visit = (entry: Dirent, relative: string): boolean => {
    if (entry.isSymbolicLink()) skipped.push(`skipped ${quote(relative)}: it is a symbolic link; only files and folders inside the folder are read`);
    else if (entry.isFile()) {
      if (FACE_IMAGE_FILE.test(entry.name)) files.push(relative);
    } else if (!entry.isDirectory() && FACE_IMAGE_FILE.test(entry.name)) skipped.push(`skipped ${quote(relative)}: it is not a regular file`);
    return entry.isDirectory();
  };
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    if (!visit(entry, entry.name)) continue;
    for (const inner of await readdir(join(folder, entry.name), { withFileTypes: true })) {
      if (inner.isDirectory()) continue;
      visit(inner, `${entry.name}/${inner.name}`);
    }
  }
  return { files: files.sort(), skipped: skipped.sort() };
}

/**
 * The images of a labelled folder (listLabelledFolder), decoded one after another as readImageFile
 * does (the same header check and pixel limit), each with whose face it is (labelOf). A folder
 * without images is an error naming it; `note` hears each skipped entry.
 */
export async function readLabelledFolder(folder: string, options: { readonly signal?: AbortSignal; readonly maxPixels?: number; readonly note?: (line: string) => void } = {}): Promise<LabelledFile[]> {
  const { files, skipped } = await listLabelledFolder(folder);
  for (const line of skipped) options.note?.(line);
  if (!files.length) throw new Error(`${folder} ${NO_FACE_IMAGES}`);
  const read: LabelledFile[] = [];
  for (const file of files) read.push({ label: labelOf(file), file, image: await readImageFile(join(folder, file), options) });
  return read;
}
