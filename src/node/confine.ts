import { realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { pathSyntaxProblem } from '../core/paths/path-syntax';
import { quote } from '../core/text/quote';

/** Where a path may point: inside one of some roots (absolute folders). */
export type Confined = { readonly ok: true; readonly path: string } | { readonly ok: false; readonly reason: string };

/**
 * Resolves `raw` (relative to `baseDir`, or absolute) and accepts it only when it lies inside one
 * of `roots`, which `place` names in messages. Lexical: empty paths, NUL bytes, URLs and `..`
 * escapes are refused; confineRealPath also follows symbolic links.
 */
export function confinePath(raw: unknown, baseDir: string, roots: readonly string[], place = 'the workspace'): Confined {
  if (typeof raw !== 'string') return { ok: false, reason: 'the path is not a string' };
  const syntax = pathSyntaxProblem(raw);
  if (syntax) return { ok: false, reason: `the path ${quote(raw)} ${syntax}` };
  const path = resolve(baseDir, raw);
  if (!roots.some((r) => isInside(path, r))) {
    return { ok: false, reason: `${quote(raw)} is outside ${place}${isAbsolute(raw) ? '' : ` (it resolves to ${path})`}` };
  }
  return { ok: true, path };
}

/**
 * confinePath, then the same for the real path (symbolic links resolved, of the nearest existing
 * ancestor when the file does not exist yet) against the roots' real paths. Throws the reason.
 */
export async function confineRealPath(raw: unknown, baseDir: string, roots: readonly string[], place = 'the workspace'): Promise<string> {
  const result = confinePath(raw, baseDir, roots, place);
  if (!result.ok) throw new Error(result.reason);
  const real = await realTarget(result.path);
  const realRoots = await Promise.all(roots.map((r) => realTarget(r)));
  if (!realRoots.some((r) => isInside(real, r))) throw new Error(`${quote(raw)} leads outside ${place} through a symbolic link`);
  return result.path;
}

/**
 * The real path `path` names: its own when it exists, else its nearest existing ancestor's real
 * path with the rest of `path` appended. Two paths name the same file when their real targets are equal.
 */
export async function realTarget(path: string): Promise<string> {
  const absolute = resolve(path);
  try {
    return await realpath(absolute);
  } catch (error) {
    const parent = dirname(absolute);
    const code = (error as NodeJS.ErrnoException).code;
    if ((code !== 'ENOENT' && code !== 'ENOTDIR') || parent === absolute) throw error;
    return join(await realTarget(parent), basename(absolute));
  }
}

/** True when `path` is `root` itself or below it (both absolute). */
export function isInside(path: string, root: string): boolean {
  const rel = relative(resolve(root), resolve(path));
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}
