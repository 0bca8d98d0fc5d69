/** What the editor shows for a document's text; no DOM, so it is tested in Node. */
import { loadGraph } from '../src/core/graph/load';
import type { ParseResult } from '../src/core/graph/parse';
import type { Problem } from '../src/core/graph/problems';
import type { Graph } from '../src/core/graph/types';
import type { LoadResult } from './graph-bridge';

export interface DocumentView {
  /** The document's graph; undefined when the text is not a graph. */
  readonly graph: Graph | undefined;
  readonly problems: readonly Problem[];
  /** True when the canvas shows the document exactly, so its edits may be written back. */
  readonly editable: boolean;
  /** The message line: why the canvas does not show the file or will not change it; '' when it does. */
  readonly banner: string;
}

/** The canvas as readDocument needs it: put a graph on it (the bridge's load), or empty it. */
export interface CanvasTarget {
  place(graph: Graph): LoadResult;
  clear(): void;
}

const MAX_LOSSES = 3;
const MAX_LINE = 160;

/** loadGraph that never throws: a failure of the checks themselves becomes a problem. */
export function checkText(text: string, load: (text: string) => ParseResult = loadGraph): ParseResult {
  try {
    return load(text);
  } catch (e) {
    return { problems: [failure('the file could not be checked', e)] };
  }
}

/**
 * Loads a document's text and puts its graph on the canvas. Never throws: whatever fails becomes
 * a problem or the banner, so the editor shows the graph or says why not, never a blank page.
 */
export function readDocument(text: string, canvas: CanvasTarget, load?: (text: string) => ParseResult): DocumentView {
  const { graph, problems } = checkText(text, load);
  if (!graph) {
    canvas.clear();
    return { graph, problems, editable: false, banner: 'This file cannot be opened as a graph: see the problems, or open it as text.' };
  }
  let placed: LoadResult;
  try {
    placed = canvas.place(graph);
  } catch (e) {
    canvas.clear();
    return { graph, problems: [...problems, failure('the canvas cannot show this graph', e)], editable: false, banner: 'The canvas cannot show this file: see the problems, or open it as text.' };
  }
  if (placed.lossless) return { graph, problems, editable: true, banner: '' };
  const losses = placed.losses.slice(0, MAX_LOSSES).map(cut);
  if (placed.losses.length > MAX_LOSSES) losses.push(`${placed.losses.length - MAX_LOSSES} more`);
  return { graph, problems, editable: false, banner: `The canvas cannot show this file exactly, so it will not change it: ${losses.join('; ')}. Fix it as text.` };
}

function failure(what: string, e: unknown): Problem {
  return { code: 'structure', message: `${what}: ${cut(e instanceof Error ? e.message : String(e))}`, path: '$' };
}

function cut(line: string): string {
  return line.length > MAX_LINE ? `${line.slice(0, MAX_LINE - 1)}…` : line;
}
