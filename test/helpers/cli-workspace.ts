import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { workspaceCopy } from './cli';
import { randomVggWeights, writeTfjsFiles } from './weight-files';

/** A test file's CLI workspace: see `useCliWorkspace`. */
export interface CliWorkspace {
  /** The workspace folder: a copy of the tracked examples/ and media/ (see `workspaceCopy`). */
  readonly ws: string;
  /** `ws`/weights/model.json: narrow random VGG-19 weights, written in `before` (none when `weightsSeed` is null). */
  readonly weights: string;
  /** The workspace's examples/seed.stylegraph.json. */
  readonly seed: () => string;
  /** `sweep` of the seed graph with the random weights, at 24x32 on the CPU, then `args`. */
  readonly sweep: (...args: string[]) => string[];
}

/**
 * Makes the workspace of one test file's CLI tests, registers the `before` hook that writes its
 * random weights (seed `weightsSeed`; null: none) and the `after` hook that removes it.
 */
export function useCliWorkspace(options: { weightsSeed?: number | null } = {}): CliWorkspace {
  const { weightsSeed = 3 } = options;
  const ws = workspaceCopy();
  const weights = join(ws, 'weights', 'model.json');
  if (weightsSeed !== null) {
    before(async () => {
      assert.equal(await writeTfjsFiles(randomVggWeights(weightsSeed), join(ws, 'weights')), weights);
    });
  }
  after(() => rmSync(ws, { recursive: true, force: true }));
  const seed = () => join(ws, 'examples', 'seed.stylegraph.json');
  return { ws, weights, seed, sweep: (...args) => ['sweep', seed(), '--weights', weights, '--size', '24x32', '--backend', 'cpu', ...args] };
}
