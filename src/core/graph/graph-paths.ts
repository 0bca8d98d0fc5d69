import type { Graph, GraphNode } from './types';
import type { Problem } from './problems';
import { quote } from './quote';
import type { NodeRole } from '../nodes/types';
import { nodeDef } from '../nodes/catalogue';

/** Which param of a node names a file (a folder for role folder), by the node's role, and whether a run reads or writes it. */
export const PATH_PARAMS: Readonly<Partial<Record<NodeRole, { readonly param: string; readonly use: 'input' | 'output' }>>> = {
  source: { param: 'path', use: 'input' },
  output: { param: 'path', use: 'output' },
  folder: { param: 'path', use: 'input' },
};

/** True when `param` of `node` names a file (or folder) that the path rule checks. */
export function isPathParam(node: GraphNode, param: string): boolean {
  const role = nodeDef(node.type)?.role;
  return role !== undefined && PATH_PARAMS[role]?.param === param;
}

/** A file path as a graph names it. */
export interface GraphPath {
  readonly nodeId: string;
  readonly param: string;
  readonly use: 'input' | 'output';
  readonly path: string;
}

export const MAX_PATH = 4096;

/**
 * Every file the graph names: each input path (even empty, which is a problem) and each non-empty
 * output path (an empty one means "do not save"). Params of the wrong type are validateGraph's to report.
 */
export function graphPaths(graph: Graph): GraphPath[] {
  const paths: GraphPath[] = [];
  for (const node of graph.nodes) {
    const role = nodeDef(node.type)?.role;
    const spec = role && PATH_PARAMS[role];
    const value = spec && node.params[spec.param];
    if (!spec || typeof value !== 'string' || (spec.use === 'output' && value === '')) continue;
    paths.push({ nodeId: node.id, param: spec.param, use: spec.use, path: value });
  }
  return paths;
}

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

/**
 * The rule for every path a graph names, shared by the validator, the CLI and the editor: it is
 * relative and stays inside the graph file's folder; an output ends in .png and is neither the
 * graph file (`graphFileName`, when known) nor one of the graph's inputs.
 */
export function pathProblems(graph: Graph, graphFileName?: string): Problem[] {
  const paths = graphPaths(graph);
  const inputs = new Map<string, string>();
  for (const p of paths) {
    const normalised = p.use === 'input' ? normaliseRelative(p.path) : undefined;
    if (normalised !== undefined && !inputs.has(normalised)) inputs.set(normalised, p.nodeId);
  }
  const problems: Problem[] = [];
  for (const p of paths) {
    const why = relativePathProblem(p.path) ?? (p.use === 'output' ? outputProblem(normaliseRelative(p.path)!, inputs, graphFileName) : undefined);
    if (why) problems.push({ code: 'file-path', message: `node ${quote(p.nodeId)}: ${p.param} ${quote(p.path)} ${why}`, nodeId: p.nodeId, param: p.param });
  }
  return problems;
}

function outputProblem(normalised: string, inputs: ReadonlyMap<string, string>, graphFileName: string | undefined): string | undefined {
  if (!/\.png$/i.test(normalised)) return 'must end in .png';
  if (graphFileName !== undefined && normalised === normaliseRelative(graphFileName)) return 'is the graph file itself';
  const reader = inputs.get(normalised);
  if (reader !== undefined) return `is the image that node ${quote(reader)} reads`;
  return undefined;
}
