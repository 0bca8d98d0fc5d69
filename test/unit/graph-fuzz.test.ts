/**
 * Seeded fuzzing of the loader: mutated graph files must never make load, validate or compile
 * throw, and every problem must say where it is in a short line. STYLEGRAPH_FUZZ=<count> sets how
 * many files (default 2,000); STYLEGRAPH_FUZZ_SEED the seed. A failure names the case's index and
 * its mutation steps; the same seed and index reproduce it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadGraph } from '../../src/core/graph/load';
import { compile } from '../../src/core/compile/plan';
import type { Problem } from '../../src/core/graph/problems';
import { FIXTURES, SEED_GRAPH } from '../helpers/paths';
import { SeededRandom } from '../helpers/seeded-random';
import { mutate } from '../helpers/graph-mutations';

const COUNT = Number(process.env.STYLEGRAPH_FUZZ ?? 2000);
const SEED = Number(process.env.STYLEGRAPH_FUZZ_SEED ?? 7);
const MAX_MESSAGE = 300;

const graphsDir = join(FIXTURES, 'graphs');
const SOURCES = [SEED_GRAPH, ...readdirSync(graphsDir).sort().map((name) => join(graphsDir, name))].map((file) => readFileSync(file, 'utf8'));

/** Why a load result breaks the rules, or undefined. */
function brokenRule(problems: readonly Problem[]): string | undefined {
  for (const p of problems) {
    if (p.message.length >= MAX_MESSAGE) return `a ${p.code} message of ${p.message.length} characters: ${p.message.slice(0, 120)}…`;
    if (p.nodeId === undefined && p.edge === undefined && p.path === undefined && p.line === undefined) return `a ${p.code} problem without a location: ${p.message}`;
    if (p.code === 'json' && (p.line === undefined || p.column === undefined)) return `a json problem without line and column: ${p.message}`;
  }
  return undefined;
}

function firstLines(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message).split('\n').slice(0, 4).join(' | ') : String(e);
}

test(`${COUNT} mutated graph files: load and compile never throw, every problem is located and short`, () => {
  const failures: string[] = [];
  const started = Date.now();
  let compiled = 0;
  for (let i = 0; i < COUNT; i++) {
    const rng = new SeededRandom(SEED * 1_000_003 + i);
    const source = rng.int(SOURCES.length);
    const { text, steps } = mutate(SOURCES[source]!, rng);
    const where = `case ${i} (source ${source}, ${steps.join(', ')})`;
    try {
      const { graph, problems } = loadGraph(text);
      const broken = brokenRule(problems);
      if (broken) failures.push(`${where}: ${broken}`);
      if (graph && problems.length === 0) {
        compile(graph);
        compiled++;
      }
    } catch (e) {
      failures.push(`${where}: threw ${firstLines(e)}`);
    }
  }
  console.log(`fuzz: ${COUNT} files (seed ${SEED}) in ${Date.now() - started} ms, ${compiled} compiled, ${failures.length} failures`);
  assert.deepEqual(failures.slice(0, 10), [], `${failures.length} of ${COUNT} cases failed`);
});
