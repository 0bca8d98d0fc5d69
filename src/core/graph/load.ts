import { parseGraph, type ParseResult } from './parse';
import { validateGraph } from './validate';
import { pathProblems } from './graph-paths';

export interface LoadOptions {
  /** The graph file's name (no folder): an output path may not name it. */
  readonly fileName?: string;
}

/** Parses and validates a graph file's text: every problem, structural, semantic and of its file paths, at once. */
export function loadGraph(text: string, options: LoadOptions = {}): ParseResult {
  const parsed = parseGraph(text);
  if (!parsed.graph) return parsed;
  return { graph: parsed.graph, problems: [...parsed.problems, ...validateGraph(parsed.graph).problems, ...pathProblems(parsed.graph, options.fileName)] };
}
