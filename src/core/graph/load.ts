import { parseGraph, type ParseResult } from './parse';
import { validateGraph } from './validate';

/** Parses and validates a graph file's text: every problem, structural and semantic, at once. */
export function loadGraph(text: string): ParseResult {
  const parsed = parseGraph(text);
  if (!parsed.graph) return parsed;
  return { graph: parsed.graph, problems: [...parsed.problems, ...validateGraph(parsed.graph).problems] };
}
