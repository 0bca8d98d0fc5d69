import type { Graph } from '../core/graph/types';
import { nodeDef } from '../core/nodes/catalogue';
import { quote } from '../core/text/quote';
import { NodeRunError } from '../core/nodes/types';
import { videoContainer } from '../core/paths/video-names';
import { ENCODERS } from './ffmpeg-args';
import { findFfmpeg, noFfmpegProblem } from './ffmpeg-find';
import { videoEncoder } from './video-encode';

/** How a video output (NodeDef.video) will be encoded. */
export interface VideoOutput {
  readonly nodeId: string;
  readonly ffmpeg: string;
  readonly container: 'mp4' | 'webm';
  readonly encoder: string;
  readonly fps: number;
}

/**
 * The check of a graph's video outputs before a run (and in `validate`): ffmpeg is there and has
 * an encoder for the file's container. Returns each output's encoding, by node id, and each
 * problem as the error a run would end with. A path that fails the graph's path rule is left to it.
 */
export async function checkVideoOutputs(graph: Graph): Promise<{ readonly outputs: ReadonlyMap<string, VideoOutput>; readonly problems: readonly NodeRunError[] }> {
  const outputs = new Map<string, VideoOutput>();
  const problems: NodeRunError[] = [];
  for (const node of graph.nodes.filter((n) => nodeDef(n.type)?.video === true && typeof n.params.path === 'string' && n.params.path !== '')) {
    const container = videoContainer(String(node.params.path));
    if (!container) continue;
    const found = findFfmpeg();
    if ('missing' in found) {
      problems.push(new NodeRunError(node.id, noFfmpegProblem(`writing the video ${quote(node.params.path)}`, found.missing), node.type));
      continue;
    }
    const encoder = await videoEncoder(found.path, container);
    if (!encoder) {
      problems.push(new NodeRunError(node.id, `path ${quote(node.params.path)}: the ffmpeg at ${found.path} has no ${ENCODERS[container].join(' or ')} encoder, which .${container} needs (write the other of .mp4 and .webm, or use an ffmpeg that has it)`, node.type));
      continue;
    }
    outputs.set(node.id, { nodeId: node.id, ffmpeg: found.path, container, encoder, fps: Number(node.params.fps ?? 24) });
  }
  return { outputs, problems };
}
