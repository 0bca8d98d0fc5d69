import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { FACE_IMAGE_FILE, labelOf, type LabelledFile } from '../core/face/labelled-files';
import { readImageFile } from './image-file';

/**
 * The PNG and JPEG files of `folder` and of its sub-folders (one level: one per person), sorted,
 * each with whose face it is (labelOf). A folder without images is an error naming it.
 */
export async function readLabelledFolder(folder: string): Promise<LabelledFile[]> {
  const files: string[] = [];
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    if (entry.isFile() && FACE_IMAGE_FILE.test(entry.name)) files.push(entry.name);
    if (!entry.isDirectory()) continue;
    for (const inner of await readdir(join(folder, entry.name), { withFileTypes: true })) {
      if (inner.isFile() && FACE_IMAGE_FILE.test(inner.name)) files.push(`${entry.name}/${inner.name}`);
    }
  }
  if (!files.length) throw new Error(`${folder} holds no PNG or JPEG images (one sub-folder or file-name prefix per person)`);
  files.sort();
  return Promise.all(files.map(async (file) => ({ label: labelOf(file), file, image: await readImageFile(join(folder, file)) })));
}
