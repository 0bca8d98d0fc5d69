import { stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type { Graph } from '../core/graph/types';
import { graphPaths } from '../core/graph/graph-paths';
import { quote } from '../core/graph/quote';
import { graphName } from '../core/graph/graph-name';
import { NodeRunError } from '../core/nodes/types';
import { nodeDef } from '../core/nodes/catalogue';
import { confineRealPath, realTarget } from '../node/confine';
import { assertWritable } from '../node/writable';

/** The files a run reads and writes, all checked before anything is loaded. */
export interface RunFiles {
  /** Absolute path of each image.load file and face.database folder, keyed by the path as the graph writes it. */
  readonly inputs: ReadonlyMap<string, string>;
  /** The final image (--out, else the graph's name + .png, relative to the working folder). */
  readonly target: string;
  /** Absolute path of each image.output node's file, by node id. */
  readonly outputs: ReadonlyMap<string, string>;
}

/**
 * Resolves the graph's paths inside its folder (symbolic links included), and checks that no
 * output is the graph file or an input (by real path) and that every output can be written.
 * The graph's paths already passed pathProblems; --out is the user's own and may go anywhere.
 */
export async function runFiles(graph: Graph, graphPath: string, out: string | undefined): Promise<RunFiles> {
  const dir = dirname(graphPath);
  const place = `the graph file's folder (${dir})`;
  const inputs = new Map<string, string>();
  const outputs = new Map<string, string>();
  for (const p of graphPaths(graph)) {
    const path = await confineRealPath(p.path, dir, [dir], place).catch((error: Error) => {
      throw new NodeRunError(p.nodeId, `${p.param} ${error.message}`);
    });
    if (nodeDef(graph.nodes.find((n) => n.id === p.nodeId)!.type)?.role === 'folder') await assertFolder(p.nodeId, p.param, p.path, path);
    if (p.use === 'input') inputs.set(p.path, path);
    else outputs.set(p.nodeId, path);
  }
  const target = resolve(out ?? `${graphName(basename(graphPath))}.png`);
  const read = new Map<string, string>([[await realTarget(graphPath), 'the graph file']]);
  for (const [raw, path] of inputs) read.set(await realTarget(path), `the image ${quote(raw)} that the graph reads`);
  const written = [{ path: target, fail: (why: string) => new Error(`${out === undefined ? 'the output' : `--out ${out}`}: ${why}`) }];
  for (const [id, path] of outputs) written.push({ path, fail: (why) => new NodeRunError(id, `path: ${why}`) });
  for (const { path, fail } of written) {
    const clash = read.get(await realTarget(path));
    if (clash) throw fail(`${path} is ${clash}; write the image elsewhere`);
    await assertWritable(path).catch((error: Error) => {
      throw fail(error.message);
    });
  }
  return { inputs, target, outputs };
}

/** A folder input (face.database) must be an existing folder. */
async function assertFolder(nodeId: string, param: string, raw: string, path: string): Promise<void> {
  const found = await stat(path).catch(() => undefined);
  if (!found?.isDirectory()) throw new NodeRunError(nodeId, `${param} ${quote(raw)} ${found ? 'is a file, not a folder' : `is not there (${path})`}`);
}
