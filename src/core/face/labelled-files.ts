import type { RawImage } from '../image/raw-image';

/** A decoded image of a labelled folder. */
export interface LabelledFile {
  readonly label: string;
  /** Relative to the folder, with `/`. */
  readonly file: string;
  readonly image: RawImage;
}

/**
 * Whose face a file of a labelled folder shows: its sub-folder's name (`alice/1.png`), or for a
 * file at the top its name's prefix up to the first `_` or `-` (`alice_1.png`, or `alice.png`).
 */
export function labelOf(relativePath: string): string {
  const parts = relativePath.split('/');
  if (parts.length > 1) return parts[0]!;
  return parts[0]!.replace(/\.[^.]*$/, '').split(/[_-]/)[0]!;
}

/** The image files a labelled folder holds, by extension. */
export const FACE_IMAGE_FILE = /\.(png|jpe?g)$/i;
