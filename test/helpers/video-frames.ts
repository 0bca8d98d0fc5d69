import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from './cli';

/** What the tests read and change of a graph file. */
export interface GraphJson { nodes: { id: string; params: Record<string, unknown> }[]; edges: { from: string; to: string }[] }
/** A `frame` line of a video run's --json output. */
export interface FrameLine { event: string; frame: number; frames: number; image: string; loss: number; temporalError?: number; seconds: number }

/** Runs of the example video graph at 48x64 with narrow test weights, on its first 6 frames, in the workspace `ws`. */
export function videoFrameRuns({ ws, weights }: { readonly ws: string; readonly weights: string }) {
  /** examples/video.stylegraph.json with 6 frames, 12 steps then 6 a frame, results in `outDir`; its temporal term bypassed (left out of J) when `temporal` is false. */
  function variant(name: string, temporal: boolean, outDir: string): string {
    const graph = JSON.parse(readFileSync(join(ws, 'examples', 'video.stylegraph.json'), 'utf8')) as GraphJson;
    const node = (id: string) => graph.nodes.find((n) => n.id === id)!;
    node('frames').params.count = 6;
    node('adam').params.iterations = 12;
    node('frames').params.iterationsPerFrame = 6;
    node('result').params.path = `${outDir}/styled-{frame}.png`;
    // The narrow random weights make J about 1e10 while (x - w)² is about 1e2 a pixel: a weight of
    // 1e7 gives the temporal term a share of J as the example's weight does with the real weights.
    node('w_temporal').params.w = 1e7;
    if (!temporal) {
      (node('w_temporal') as { bypass?: boolean }).bypass = true;
      (graph as unknown as { version: number }).version = 2;
    }
    const path = join(ws, 'examples', `${name}.stylegraph.json`);
    writeFileSync(path, JSON.stringify(graph));
    return path;
  }

  /** Runs `graph` with --json; fails unless it exits 0; returns its frame lines. */
  async function runFrames(graph: string, out: string, extra: string[] = []): Promise<FrameLine[]> {
    const r = await runCli(['run', graph, '--weights', weights, '--size', '48x64', '--backend', 'cpu', '--json', '--out', out, ...extra], { cwd: ws });
    assert.equal(r.code, 0, r.stderr);
    return r.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as FrameLine).filter((e) => e.event === 'frame');
  }

  return { variant, runFrames };
}
