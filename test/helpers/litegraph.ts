/**
 * litegraph in Node for the webview tests that drive its own widget, menu and clipboard code
 * (number-input, bypass-actions, canvas-edits): imported before the file's tests, with the localStorage it reads,
 * and the editor's GraphBridge over it.
 */
import { before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { SEED_GRAPH } from './paths';
import { parseGraph } from '../../src/core/graph/parse';
import type { Graph } from '../../src/core/graph/types';
import { GraphBridge } from '../../webview/graph-bridge';
import type { StyleGraph, StyleNode } from '../../webview/style-graph';

export type LitegraphModule = typeof import("@comfyorg/litegraph", { with: { "resolution-mode": "import" } });

/** The seed example's text. */
export const seedText = readFileSync(SEED_GRAPH, 'utf8');

export interface LitegraphInNode {
  /** The litegraph module (after the file's `before`). */
  readonly lg: LitegraphModule;
  readonly bridge: GraphBridge;
  /** A graph loaded as the editor loads it (the seed when none is given), with no loss on the way. */
  loaded(graph?: Graph | string): StyleGraph;
  /** A node by id, or a failure naming it. */
  node(g: StyleGraph, id: string): StyleNode;
}

/** Call at the top level of a test file. */
export function useLitegraph(): LitegraphInNode {
  let lg: LitegraphModule | undefined;
  let bridge: GraphBridge | undefined;
  before(async () => {
    lg = await import('@comfyorg/litegraph');
    bridge = new GraphBridge(lg as never);
    const store = new Map<string, string>();
    (globalThis as { localStorage?: unknown }).localStorage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => store.set(k, v) };
  });
  const ready = <T>(value: T | undefined): T => value ?? assert.fail('litegraph is imported in before()');
  return {
    get lg() {
      return ready(lg);
    },
    get bridge() {
      return ready(bridge);
    },
    loaded(graph = seedText) {
      const g = ready(bridge).createGraph();
      assert.deepEqual(ready(bridge).load(g, typeof graph === 'string' ? parseGraph(graph).graph! : graph).losses, []);
      return g;
    },
    node(g, id) {
      return (g.getNodeById(id) as StyleNode | null) ?? assert.fail(`no node ${id}`);
    },
  };
}
