/**
 * `npm run bench -- --sweep-check`: what a sweep costs before its first run. In this process, on
 * the seed graph with 100 x 100 weight values (10,000 combinations): counting them, checking every
 * one (typeAxes and combinationProblems), resolving the runs' files. Then the CLI in a child
 * process: refusing 1,000,000 runs (--max-runs), and 10,000 checked (--max-runs 10000) up to the
 * weights (a missing file, so it stops there): wall time and peak memory. Prints a table and adds
 * `sweepCheck` to .bench/results.json (the rest of the file is kept).
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { loadGraph } from '../src/core/graph/load';
import { applyOverrides } from '../src/core/graph/overrides';
import { parseVary } from '../src/core/sweep/vary';
import { typeAxes } from '../src/core/sweep/combinations';
import { combinationProblems } from '../src/core/sweep/combination-problems';
import { runCount } from '../src/core/sweep/run-count';
import { sweepRunFiles } from '../src/cli/sweep-files';
import { REPO, SEED_GRAPH, median } from './common';

interface CliFigure {
  readonly what: string;
  readonly code: number | null;
  readonly seconds: number;
  readonly peakMiB: number;
}

const values = (n: number) => Array.from({ length: n }, (_, i) => i + 1).join(',');

export async function sweepCheckBench(out: string, rounds: number): Promise<string> {
  const work = await mkdtemp(join(tmpdir(), 'stylegraph-sweep-check-'));
  try {
    const inProcess = await checkInProcess(join(work, 'seed.sweep'), rounds);
    const noWeights = join(work, 'no-such-weights.h5');
    const cli = [
      await cliFigure('stylegraph help (Node and the CLI loading)', ['help']),
      await cliFigure('refuse 1,000,000 runs (100 x 100 x 100)', ['sweep', SEED_GRAPH, '--vary', `alpha.w=${values(100)}`, '--vary', `beta.w=${values(100)}`, '--vary', `adam.learningRate=${values(100)}`, '--out-dir', join(work, 'a')]),
      await cliFigure('check 10,000 runs (100 x 100), stop at the weights', ['sweep', SEED_GRAPH, '--size', '24x32', '--weights', noWeights, '--max-runs', '10000', '--vary', `alpha.w=${values(100)}`, '--vary', `beta.w=${values(100)}`, '--out-dir', join(work, 'b')]),
    ];
    const lines = [
      '| in this process, 10,000 combinations (median of ' + rounds + ') | ms |',
      '|---|---:|',
      ...Object.entries(inProcess).map(([what, ms]) => `| ${what} | ${ms.toFixed(2)} |`),
      '',
      '| CLI (a child process) | exit | s | peak MiB |',
      '|---|---:|---:|---:|',
      ...cli.map((c) => `| ${c.what} | ${c.code} | ${c.seconds.toFixed(2)} | ${c.peakMiB.toFixed(0)} |`),
    ];
    await mkdir(out, { recursive: true });
    const results = join(out, 'results.json');
    const earlier = (await readFile(results, 'utf8').then((t) => JSON.parse(t) as Record<string, unknown>).catch(() => ({})));
    const sweepCheck = { date: new Date().toISOString(), rounds, inProcessMs: inProcess, cli };
    await writeFile(results, JSON.stringify({ ...earlier, sweepCheck }, null, 2) + '\n');
    return `${lines.join('\n')}\n\nAdded sweepCheck to ${results}.`;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Milliseconds (median of `rounds`) of each step before a 100 x 100 weight sweep's first run. */
async function checkInProcess(dir: string, rounds: number): Promise<Record<string, number>> {
  const base = applyOverrides(loadGraph(await readFile(SEED_GRAPH, 'utf8')).graph!, { size: [24, 32] });
  const flags = [parseVary(`alpha.w=${values(100)}`), parseVary(`beta.w=${values(100)}`)];
  const times: Record<string, number[]> = { 'count (runCount)': [], 'type and check every combination (typeAxes, combinationProblems)': [], 'resolve the runs\' files (sweepRunFiles)': [] };
  const time = async (what: string, f: () => unknown) => {
    const started = performance.now();
    await f();
    times[what]!.push(performance.now() - started);
  };
  for (let round = 0; round < rounds; round++) {
    await time('count (runCount)', () => {
      if (runCount(flags) !== 10_000) throw new Error('not 10,000 runs');
    });
    const axes = typeAxes(base, flags).axes;
    await time('type and check every combination (typeAxes, combinationProblems)', () => {
      const typed = typeAxes(base, flags);
      if (typed.problems.length || combinationProblems(base, typed.axes, basename(SEED_GRAPH)).length) throw new Error('the sweep has problems');
    });
    await time('resolve the runs\' files (sweepRunFiles)', () => sweepRunFiles(base, axes, SEED_GRAPH, dir));
  }
  return Object.fromEntries(Object.entries(times).map(([what, ms]) => [what, median(ms)]));
}

/** The CLI with `args` in a child process: exit code, wall seconds and peak resident memory (its maxRSS). */
function cliFigure(what: string, args: readonly string[]): Promise<CliFigure> {
  const script = [
    "process.on('exit', () => require('fs').writeSync(3, String(process.resourceUsage().maxRSS)));",
    `require(${JSON.stringify(join(REPO, 'out', 'src', 'cli', 'main.js'))}).main(${JSON.stringify(args)}).then((code) => { process.exitCode = code; });`,
  ].join('\n');
  const started = performance.now();
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'ignore', 'ignore', 'pipe'] });
  let maxRss = '';
  child.stdio[3]!.on('data', (d: Buffer) => (maxRss += d.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ what, code, seconds: (performance.now() - started) / 1000, peakMiB: Number(maxRss) / 1024 }));
  });
}
