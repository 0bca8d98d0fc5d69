import { basename, dirname, resolve } from 'node:path';
import type { Graph } from '../core/graph/types';
import { graphPaths } from '../core/graph/graph-paths';
import { quote } from '../core/text/quote';
import { graphName } from '../core/graph/graph-name';
import { NodeRunError } from '../core/nodes/types';
import { GraphError } from '../core/graph/problems';
import { checkInputFiles } from '../node/input-files';
import { maxPixelsFromEnv } from '../node/image-file';
import { confineRealPath, realTarget } from '../node/confine';
import { assertWritable } from '../node/writable';
import { checkVideoOutputs, type VideoOutput } from '../node/video-outputs';

/** The files a run reads and writes, all checked before anything is loaded. */
export interface RunFiles {
  /** Absolute path of each image.load file and face.database folder, keyed by the path as the graph writes it. */
  readonly inputs: ReadonlyMap<string, string>;
  /** The final image (--out, else the graph's name + .png, relative to the working folder). */
  readonly target: string;
  /** Absolute path of each image.output node's file, by node id. */
  readonly outputs: ReadonlyMap<string, string>;
  /** Each video output (video.output) by node id: its file's absolute path and how it is encoded. */
  readonly videos: ReadonlyMap<string, VideoOutput & { readonly path: string }>;
  /** Lines to show the user about inputs left out (checkInputFiles' notes). */
  readonly notes: readonly string[];
}

/**
 * Checks the input files (checkInputFiles: inside the graph's folder, there, headers within the
 * pixel limit) and the video outputs' ffmpeg (checkVideoOutputs), resolves the outputs inside the graph's folder (symbolic links included), and
 * checks that no output is the graph file or an input (by real path) and that every output can be
 * written. The graph's paths already passed pathProblems; --out is the user's own and may go
 * anywhere. One input problem is thrown as itself (one line); several as a GraphError listing all.
 */
export async function runFiles(graph: Graph, graphPath: string, out: string | undefined): Promise<RunFiles> {
  const dir = dirname(graphPath);
  const checked = await checkInputFiles(graph, dir, maxPixelsFromEnv());
  const encodings = await checkVideoOutputs(graph);
  const problems = [...checked.problems, ...encodings.problems];
  const [first, ...more] = problems;
  if (first && more.length) throw new GraphError(problems.map((e) => ({ code: 'input-file', message: e.message, nodeId: e.nodeId })), basename(graphPath));
  if (first) throw first;
  const inputs = checked.inputs;
  const outputs = new Map<string, string>();
  const videos = new Map<string, VideoOutput & { readonly path: string }>();
  for (const p of graphPaths(graph).filter((q) => q.use === 'output')) {
    const path = await confineRealPath(p.path, dir, [dir], `the graph file's folder (${dir})`).catch((error: Error) => {
      throw new NodeRunError(p.nodeId, `${p.param} ${error.message}`);
    });
    const video = encodings.outputs.get(p.nodeId);
    if (video) videos.set(p.nodeId, { ...video, path });
    else outputs.set(p.nodeId, path);
  }
  const target = resolve(out ?? `${graphName(basename(graphPath))}.png`);
  const read = new Map<string, string>([[await realTarget(graphPath), 'the graph file']]);
  for (const [raw, path] of inputs) read.set(await realTarget(path), `the image ${quote(raw)} that the graph reads`);
  const written = [{ path: target, fail: (why: string) => outputError(out, undefined, why) }];
  for (const [id, path] of [...outputs, ...[...videos].map(([key, v]) => [key, v.path] as const)]) written.push({ path, fail: (why) => outputError(out, id, why) });
  for (const { path, fail } of written) {
    const clash = read.get(await realTarget(path));
    if (clash) throw fail(`${path} is ${clash}; write the image elsewhere`);
    await assertWritable(path).catch((error: Error) => {
      throw fail(error.message);
    });
  }
  return { inputs, target, outputs, videos, notes: checked.notes };
}

/** Why an output cannot be written, named by its option (--out, or the default output) or by its image.output node. */
export function outputError(out: string | undefined, nodeId: string | undefined, why: string): Error {
  if (nodeId !== undefined) return new NodeRunError(nodeId, `path: ${why}`);
  return new Error(`${out === undefined ? 'the output' : `--out ${out}`}: ${why}`);
}
