import { statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import { megabytes } from './megabytes';

/** What a write into the system's temporary folder is for, and what to do when it does not fit. */
export interface TempNeed {
  /** Who needs the space, e.g. "the onnx backend". */
  readonly who: string;
  /** The most it needs there. */
  readonly bytes: number;
  /** For what, e.g. "its worker scripts". */
  readonly detail: string;
  /** What the user can do instead, e.g. "use --backend wasm". */
  readonly instead: string;
}

/** Write errors that mean the file system (or the user's share of it) is full. */
const FULL = new Set(['ENOSPC', 'EDQUOT', 'EFBIG']);

/** The bytes free to this user on `folder`'s file system; undefined where that cannot be told. */
function freeBytes(folder: string): number | undefined {
  try {
    const { bavail, bsize } = statfsSync(folder);
    return bavail * bsize;
  } catch {
    return undefined;
  }
}

/**
 * Throws a message saying what needs the space (`need`) when `folder` (a folder in the temporary
 * folder) has less than `bytes` free: by default all of `need`, less when part of it is written.
 */
export function checkTempSpace(folder: string, need: TempNeed, bytes = need.bytes): void {
  const free = freeBytes(folder);
  if (free !== undefined && free < bytes) throw new Error(message(folder, need, free));
}

/**
 * `error`, a failed write into `folder`, as one that says what needed the space, where and what to
 * do, when it means a full file system (ENOSPC: "no space left on device" names neither); else
 * `error` as it is.
 */
export function tempSpaceError(error: unknown, folder: string, need: TempNeed): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === undefined || !FULL.has(code)) return error;
  return Object.assign(new Error(`${message(folder, need, freeBytes(folder))} (${(error as Error).message})`, { cause: error }), { code });
}

function message(folder: string, need: TempNeed, free: number | undefined): string {
  const temp = dirname(folder);
  const room = free === undefined ? '' : `, and it has ${megabytes(free)} free`;
  return `${need.who} needs up to ${megabytes(need.bytes)} in the system's temporary folder, ${temp} (${need.detail})${room}: set TMPDIR to a folder with more space, or ${need.instead}`;
}
