/**
 * Where a problem is in a graph file's text: the character range to underline, found from the
 * problem's `line`/`column`, `path` (e.g. nodes[3].params.w), `edge` or `nodeId`. Pure: the
 * extension turns ranges into diagnostics, tests check them in Node.
 */
import { findNodeAtLocation, parseTree, type Node as JsonNode, type Segment } from 'jsonc-parser';
import type { Problem } from './problems';
import type { Graph } from './types';

export interface TextRange {
  /** Offsets into the text, end exclusive. */
  readonly start: number;
  readonly end: number;
}

/** A file's text read once for locating many problems. */
export interface ProblemLocator {
  rangeOf(problem: Problem): TextRange;
}

/**
 * Locates problems in `text`; `graph` is what parseGraph read from it (edge problems name an
 * index into its edges, which skips malformed entries of the file's array).
 */
export function problemLocator(text: string, graph?: Graph): ProblemLocator {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const firstLine: TextRange = { start: 0, end: lineStarts.length > 1 ? lineStarts[1]! - 1 : text.length };
  let tree: JsonNode | undefined;
  try {
    tree = parseTree(text);
  } catch (e) {
    // jsonc-parser builds its tree recursively: a deeply nested file overflows the stack.
    if (!(e instanceof RangeError)) throw e;
  }
  const at = (path: Segment[]): JsonNode | undefined => (tree ? findNodeAtLocation(tree, path) : undefined);
  const nodeIndex = new Map<string, number>();
  at(['nodes'])?.children?.forEach((n, i) => {
    const id = n.type === 'object' ? findNodeAtLocation(n, ['id'])?.value : undefined;
    if (typeof id === 'string' && !nodeIndex.has(id)) nodeIndex.set(id, i);
  });
  const edgeIndex = (edge: number): number | undefined => {
    const wanted = graph?.edges[edge];
    if (!wanted) return undefined;
    const found = at(['edges'])?.children?.findIndex((e) => e.type === 'object' && findNodeAtLocation(e, ['from'])?.value === wanted.from && findNodeAtLocation(e, ['to'])?.value === wanted.to);
    return found !== undefined && found >= 0 ? found : undefined;
  };

  function locate(p: Problem): JsonNode | undefined {
    if (p.edge !== undefined) {
      const i = edgeIndex(p.edge);
      if (i !== undefined) return at(['edges', i]);
    }
    if (p.path) {
      const found = deepest(p.path);
      if (found) return found;
    }
    if (p.nodeId !== undefined) {
      const i = nodeIndex.get(p.nodeId);
      if (i !== undefined) return (p.param !== undefined ? at(['nodes', i, 'params', p.param]) : undefined) ?? at(['nodes', i]);
    }
    return undefined;
  }

  /** The node at the longest prefix of `path` that exists in the file (a value cut in the message finds its parent). */
  function deepest(path: string): JsonNode | undefined {
    const segments = parsePath(path);
    for (let n = segments.length; n > 0; n--) {
      const found = at(segments.slice(0, n));
      if (found) return found;
    }
    return undefined;
  }

  return {
    rangeOf(p: Problem): TextRange {
      if (p.line !== undefined) {
        const start = (lineStarts[p.line - 1] ?? 0) + Math.max(0, (p.column ?? 1) - 1);
        return { start: Math.min(start, text.length), end: Math.min(start + 1, text.length) };
      }
      const node = locate(p);
      return node ? underline(node) : firstLine;
    },
  };
}

/** What to underline for a JSON node: a value as is; an object or array by its key, or a node by its "id" (an edge is underlined whole). */
function underline(node: JsonNode): TextRange {
  if (node.type === 'object' || node.type === 'array') {
    const key = node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
    const id = node.type === 'object' ? findNodeAtLocation(node, ['id']) : undefined;
    const target = key ?? id ?? node;
    return { start: target.offset, end: target.offset + target.length };
  }
  return { start: node.offset, end: node.offset + node.length };
}

/** "nodes[3].params.w" or 'nodes[3].params["a b"]' -> ['nodes', 3, 'params', 'w']; '$' -> []. */
export function parsePath(path: string): Segment[] {
  const segments: Segment[] = [];
  const token = /^(?:\.?([A-Za-z_$][\w$-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\])/;
  let rest = path === '$' ? '' : path;
  while (rest) {
    const m = token.exec(rest);
    if (!m) break;
    if (m[1] !== undefined) segments.push(m[1]);
    else if (m[2] !== undefined) segments.push(Number(m[2]));
    else segments.push(JSON.parse(m[3]!) as string);
    rest = rest.slice(m[0].length);
  }
  return segments;
}
