/** A frame number's place in a path: %04d (any width, %d too) or {frame}. */
const PATTERN = /%(0?\d*)d|\{frame\}/g;

/** True when `path` has a place for the frame number (%04d or {frame}). */
export function hasFramePattern(path: string): boolean {
  return new RegExp(PATTERN.source).test(path);
}

/**
 * The file of frame `frame` (from 1) of a frame run: `path` with its %04d (printf's zero-padded
 * width) or {frame} (4 digits) replaced by the number; a path with neither gets -0001 before its
 * extension.
 */
export function framePath(path: string, frame: number): string {
  if (!hasFramePattern(path)) {
    const dot = path.lastIndexOf('.');
    const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
    const at = dot > slash + 1 ? dot : path.length;
    return `${path.slice(0, at)}-${String(frame).padStart(4, '0')}${path.slice(at)}`;
  }
  return path.replace(PATTERN, (_match, width: string | undefined) => {
    if (width === undefined) return String(frame).padStart(4, '0');
    return String(frame).padStart(width ? Number(width) : 0, '0');
  });
}
