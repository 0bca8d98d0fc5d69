import { stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { join } from 'node:path';
import type { Graph } from '../core/graph/types';
import { graphPaths, type GraphPath } from '../core/graph/graph-paths';
import { relativePathProblem } from '../core/paths/path-syntax';
import { quote } from '../core/text/quote';
import { nodeDef } from '../core/nodes/catalogue';
import { nodeLabel, NodeRunError } from '../core/nodes/types';
import { confineRealPath } from './confine';
import { checkImageFile, ImageFileError } from './image-file';
import { listLabelledFolder, NO_FACE_IMAGES } from './labelled-folder';
import { checkFrameFolder } from './frame-files';
import { VIDEO_FILE } from '../core/paths/video-names';
import { findFfmpeg, noFfmpegProblem } from './ffmpeg-find';
import { probeVideo, VideoFileError } from './video-file';

/** What checkInputFiles found. */
export interface InputFiles {
  /** Absolute path of each input file and folder, keyed by the path as the graph writes it (the ones without a problem). */
  readonly inputs: ReadonlyMap<string, string>;
  /** Each problem as the error a run would end with (node id, type, param and file in its message). */
  readonly problems: readonly NodeRunError[];
  /** Lines about what is left out without being a problem (a symbolic link in a face folder). */
  readonly notes: readonly string[];
}

/**
 * The one check of a graph's input files, for `run`, `sweep`, `validate` and the editor's engine, before any weights
 * or backend: each is inside `roots` (the graph file's folder `dir` for the CLI, the workspace
 * folders in the editor) after symbolic links, exists, is a
 * regular file (a folder for a node of role folder, every image of which is checked in turn) and
 * has a PNG or JPEG header within `maxPixels`. Reads headers only, never decodes. Paths that fail
 * the graph's own path rule (relativePathProblem) are left to it.
 */
export async function checkInputFiles(graph: Graph, dir: string, maxPixels: number, roots: { readonly folders: readonly string[]; readonly name: string } = { folders: [dir], name: `the graph file's folder (${dir})` }): Promise<InputFiles> {
  const inputs = new Map<string, string>();
  const problems: NodeRunError[] = [];
  const notes: string[] = [];
  for (const p of graphPaths(graph)) {
    if (p.use !== 'input' || relativePathProblem(p.path) !== undefined) continue;
    const type = graph.nodes.find((n) => n.id === p.nodeId)!.type;
    const problem = (detail: string): undefined => void problems.push(new NodeRunError(p.nodeId, `${p.param} ${detail}`, type));
    const note = (line: string) => void notes.push(`${nodeLabel(p.nodeId, type)}: ${p.param} ${quote(p.path)}: ${line}`);
    const def = nodeDef(type);
    const found = def?.frames ? await checkFrames(p, dir, roots, maxPixels, problem) : await checkInput(p, dir, roots, def?.role === 'folder', maxPixels, problem, note);
    if (found !== undefined) inputs.set(p.path, found);
  }
  return { inputs, problems, notes };
}

type Roots = { readonly folders: readonly string[]; readonly name: string };

/** An input path inside `roots` (symbolic links followed) and its stat, or undefined after telling `problem` why not. */
async function locate(p: GraphPath, dir: string, roots: Roots, problem: (detail: string) => undefined): Promise<{ path: string; found: Stats } | undefined> {
  let path: string;
  try {
    path = await confineRealPath(p.path, dir, roots.folders, roots.name);
  } catch (error) {
    return problem((error as Error).message);
  }
  const found = await stat(path).catch((error: NodeJS.ErrnoException) => error);
  if (!(found instanceof Error)) return { path, found };
  const raw = quote(p.path);
  return problem(found.code === 'ENOENT' || found.code === 'ENOTDIR' ? `${raw} is not there (${path})` : `${raw} cannot be read (${found.code ?? found.message})`);
}

/** Checks one input path; returns its absolute path, or undefined after telling `problem` why not. */
async function checkInput(p: GraphPath, dir: string, roots: Roots, folder: boolean, maxPixels: number, problem: (detail: string) => undefined, note: (line: string) => void): Promise<string | undefined> {
  const raw = quote(p.path);
  const located = await locate(p, dir, roots, problem);
  if (!located) return undefined;
  const { path, found } = located;
  if (folder) {
    if (!found.isDirectory()) return problem(`${raw} is a file, not a folder`);
    const listing = await listLabelledFolder(path).catch((error: NodeJS.ErrnoException) => error);
    if (listing instanceof Error) return problem(`${raw} cannot be read (${listing.code ?? listing.message})`);
    listing.skipped.forEach(note);
    if (!listing.files.length) return problem(`${raw} ${NO_FACE_IMAGES}`);
    let bad = false;
    for (const file of listing.files) {
      const why = await imageProblem(join(path, file), maxPixels);
      if (why) problem(`${raw}: image ${quote(file)} ${why}`);
      bad ||= why !== undefined;
    }
    return bad ? undefined : path;
  }
  if (found.isDirectory()) return problem(`${raw} is a folder, not an image file`);
  const why = await imageProblem(path, maxPixels);
  return why ? problem(`${raw} ${why}`) : path;
}

/**
 * Checks the path of a frames source: a folder of frames of one size (checkFrameFolder), each
 * checked as an image file, or a video file (by its extension) whose header ffmpeg reads (probeVideo:
 * a video stream, within the pixel limit); without ffmpeg, a video is one problem saying how to get it.
 */
async function checkFrames(p: GraphPath, dir: string, roots: Roots, maxPixels: number, problem: (detail: string) => undefined): Promise<string | undefined> {
  const raw = quote(p.path);
  const located = await locate(p, dir, roots, problem);
  if (!located) return undefined;
  const { path, found } = located;
  if (!found.isDirectory()) {
    if (!VIDEO_FILE.test(p.path)) return problem(`${raw} is a file, neither a folder of frames nor a video file (.mp4, .webm, .mov, .mkv, .avi, .gif, …)`);
    const ffmpeg = findFfmpeg();
    if ('missing' in ffmpeg) return problem(`${raw}: ${noFfmpegProblem('reading a video file', ffmpeg.missing)}; a folder of PNG or JPEG frames needs none`);
    try {
      await probeVideo(ffmpeg.path, path, maxPixels);
      return path;
    } catch (error) {
      return problem(`${raw} ${error instanceof VideoFileError ? error.detail : `cannot be read (${(error as Error).message})`}`);
    }
  }
  const checked = await checkFrameFolder(path, p.path, maxPixels).catch((error: NodeJS.ErrnoException) => ({ files: [], problems: [`${raw} cannot be read (${error.code ?? error.message})`] }));
  checked.problems.forEach((why) => problem(why));
  return checked.problems.length ? undefined : path;
}

/** Why the image file at `path` will not be decoded (checkImageFile), worded to follow its name, or undefined. */
async function imageProblem(path: string, maxPixels: number): Promise<string | undefined> {
  try {
    await checkImageFile(path, maxPixels);
    return undefined;
  } catch (error) {
    if (error instanceof ImageFileError) return error.detail;
    return `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
  }
}
