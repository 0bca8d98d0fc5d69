import type { Graph, GraphNode } from './types';
import type { Problem } from './problems';
import { quote } from '../text/quote';
import type { NodeRole } from '../nodes/types';
import { normaliseRelative, relativePathProblem } from '../paths/path-syntax';
import { nodeDef } from '../nodes/catalogue';
import { VIDEO_OUTPUT_FILE } from '../paths/video-names';

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

/**
 * The rule for every path a graph names, shared by the validator, the CLI and the editor: it is
 * relative and stays inside the graph file's folder; an output ends in .png (a video output's in .mp4 or .webm) and is neither the
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
    const video = nodeDef(graph.nodes.find((n) => n.id === p.nodeId)!.type)?.video === true;
    const why = relativePathProblem(p.path) ?? (p.use === 'output' ? outputProblem(normaliseRelative(p.path)!, video, inputs, graphFileName) : undefined);
    if (why) problems.push({ code: 'file-path', message: `node ${quote(p.nodeId)}: ${p.param} ${quote(p.path)} ${why}`, nodeId: p.nodeId, param: p.param });
  }
  return problems;
}

function outputProblem(normalised: string, video: boolean, inputs: ReadonlyMap<string, string>, graphFileName: string | undefined): string | undefined {
  if (video && !VIDEO_OUTPUT_FILE.test(normalised)) return 'must end in .mp4 or .webm';
  if (!video && !/\.png$/i.test(normalised)) return 'must end in .png';
  if (graphFileName !== undefined && normalised === normaliseRelative(graphFileName)) return 'is the graph file itself';
  const reader = inputs.get(normalised);
  if (reader !== undefined) return `is the image that node ${quote(reader)} reads`;
  return undefined;
}
