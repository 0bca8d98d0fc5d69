import { randomBytes } from 'node:crypto';

/** Marks a file or folder written under a temporary name and renamed into place when whole. */
export const TEMP_MARK = '.tmp-';
/** Marks a download in progress. */
export const PART_MARK = '.part-';

/** A fresh temporary name beside `path`: `path` + mark + 12 hex digits. */
export function temporaryName(path: string, mark: typeof TEMP_MARK | typeof PART_MARK = TEMP_MARK): string {
  return `${path}${mark}${randomBytes(6).toString('hex')}`;
}

/** True when `name` (a file name, no folder) is a temporary name of `base`'s (any base when omitted). */
export function isTemporaryName(name: string, base?: string): boolean {
  const match = /^(.+)\.(?:tmp|part)-[0-9a-f]{12}$/.exec(name);
  return match !== null && (base === undefined || match[1] === base);
}
