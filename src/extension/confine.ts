import { isAbsolute, relative, resolve, sep } from 'node:path';

/** Where a path from the webview may point: inside one of `roots` (absolute folders). */
export type Confined = { readonly ok: true; readonly path: string } | { readonly ok: false; readonly reason: string };

const MAX_PATH = 4096;

/**
 * Resolves `raw` (a path the webview sent: relative to `baseDir`, the graph file's folder, or
 * absolute) and accepts it only when it lies inside one of `roots` (the workspace folders).
 * Pure and lexical: `..` escapes, absolute paths elsewhere, empty paths, NUL bytes and URLs are
 * refused. The host also checks the real path (symbolic links) before it touches the file.
 */
export function confinePath(raw: unknown, baseDir: string, roots: readonly string[]): Confined {
  if (typeof raw !== 'string' || raw.trim() === '') return { ok: false, reason: 'the path is empty' };
  if (raw.length > MAX_PATH) return { ok: false, reason: 'the path is too long' };
  if (raw.includes('\0')) return { ok: false, reason: 'the path holds a NUL byte' };
  if (/^[a-z][a-z0-9+.-]+:/i.test(raw) && !/^[a-z]:[\\/]/i.test(raw)) return { ok: false, reason: `"${raw}" is a URL, not a file path` };
  const path = resolve(baseDir, raw);
  const root = roots.find((r) => isInside(path, r));
  if (root === undefined) {
    return { ok: false, reason: `"${raw}" is outside the workspace${isAbsolute(raw) ? '' : ` (it resolves to ${path})`}` };
  }
  return { ok: true, path };
}

/** True when `path` is `root` itself or below it (both absolute). */
export function isInside(path: string, root: string): boolean {
  const rel = relative(resolve(root), resolve(path));
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}
