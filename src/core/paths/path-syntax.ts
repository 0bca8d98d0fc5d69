/** How a path may be written: the syntax rules that graphs, model.json shards and the host's files share. */

export const MAX_PATH = 4096;

/** Why `raw` cannot name a file at all (empty, too long, a NUL byte, a URL), or undefined. */
export function pathSyntaxProblem(raw: string): string | undefined {
  if (raw.trim() === '') return 'is empty';
  if (raw.length > MAX_PATH) return `is longer than ${MAX_PATH} characters`;
  if (raw.includes('\0')) return 'holds a NUL character';
  if (/^[a-z][a-z0-9+.-]+:/i.test(raw)) return 'is a URL, not a file path';
  return undefined;
}

/**
 * `raw` with `.` and `..` resolved lexically, `/` and `\` both taken as separators, joined with
 * `/`; undefined when it climbs above the folder it starts from.
 */
export function normaliseRelative(raw: string): string | undefined {
  const segments: string[] = [];
  for (const segment of raw.split(/[\\/]/)) {
    if (segment === '' || segment === '.') continue;
    if (segment !== '..') segments.push(segment);
    else if (segments.pop() === undefined) return undefined;
  }
  return segments.join('/');
}

/**
 * Why `raw` cannot name a file inside `folder` (see pathSyntaxProblem; absolute; leaving the
 * folder), or undefined. `folder` names the folder in the message.
 */
export function relativePathProblem(raw: string, folder = "the graph file's folder"): string | undefined {
  const syntax = pathSyntaxProblem(raw);
  if (syntax) return syntax;
  if (/^[\\/]/.test(raw) || /^[a-z]:/i.test(raw)) return `is absolute; paths are relative to ${folder}`;
  if (normaliseRelative(raw) === undefined) return `leads outside ${folder}`;
  return undefined;
}
