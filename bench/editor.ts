/**
 * `npm run bench -- --editor [--sizes 128,300x400] [--backends onnx] [--rounds 2] [--iterations 8]`:
 * the editor's path against the CLI on the same backend. The editor's path is the engine process
 * as the extension host starts it (EngineClient forking out/src/node/engine/engine-main.js), its
 * events going to a listener; the CLI is `stylegraph run --json` in a child process. They
 * alternate, each round; s/iter is the median of the progress events' time steps after the
 * warm-up (both sides report the same `ms`). Then the first preview after Run at 64x64 on a fresh
 * engine, with the weights preloaded (`prepare`, as an open editor does) and cold. Prints a table
 * and adds `editor` to .bench/results.json (the rest of the file is kept).
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeCanonical } from '../src/core/graph/canonical';
import type { EngineBackend, EngineEvent } from '../src/core/protocol/engine-messages';
import { EngineClient } from '../src/node/engine/engine-client';
import { writeTfjsFiles } from '../src/node/tfjs-files';
import { randomVggWeights } from '../test/helpers/weight-files';
import { benchGraph, EXAMPLES, median, REPO, WEIGHT_SEED } from './common';

const SCRIPT = join(REPO, 'out', 'src', 'node', 'engine', 'engine-main.js');

export interface EditorRow {
  readonly size: readonly [number, number];
  readonly backend: string;
  readonly editorSecondsPerIteration: number;
  readonly cliSecondsPerIteration: number;
  readonly ratio: number;
  readonly firstPreviewWarmSeconds: number;
  readonly firstPreviewColdSeconds: number;
}

interface Options {
  readonly sizes: readonly (readonly [number, number])[];
  readonly backends: readonly EngineBackend[];
  readonly rounds: number;
  readonly iterations: number;
  readonly warmup: number;
  readonly out: string;
}

/** s/iter from a run's progress times (ms since the loop started, one per iteration): the median step after `warmup`. */
function secondsPerIteration(ms: readonly number[], warmup: number): number {
  const steps = ms.slice(1).map((t, i) => t - ms[i]!);
  return median(steps.slice(Math.max(0, warmup - 1))) / 1000;
}

export async function editorBench(options: Options): Promise<string> {
  const work = mkdtempSync(join(tmpdir(), 'stylegraph-editor-bench-'));
  try {
    cpSync(EXAMPLES, join(work, 'examples'), { recursive: true, filter: (src) => !src.includes('.stylegraph' + '/') && !src.endsWith('-result.png') });
    const weights = await writeTfjsFiles(randomVggWeights(WEIGHT_SEED, 'full'), join(work, 'weights'));
    const graphPath = join(work, 'examples', 'seed.stylegraph.json');
    const rows: EditorRow[] = [];
    for (const backend of options.backends) {
      const preview = await firstPreview(backend, weights, graphPath, work);
      for (const size of options.sizes) {
        const text = writeCanonical(benchGraph(size, options.iterations, { previewEvery: 0 }));
        const graphFile = join(work, 'examples', `bench-${size.join('x')}.stylegraph.json`);
        writeFileSync(graphFile, text);
        const editor: number[] = [];
        const cli: number[] = [];
        const client = new EngineClient({ script: SCRIPT, log: () => undefined });
        try {
          for (let round = 0; round < options.rounds; round++) {
            editor.push(secondsPerIteration(await engineRun(client, { backend, weights, graphPath: graphFile, text, roots: [work] }), options.warmup));
            cli.push(secondsPerIteration(await cliRun(backend, weights, graphFile, work), options.warmup));
          }
        } finally {
          client.dispose();
        }
        const e = median(editor);
        const c = median(cli);
        rows.push({ size, backend, editorSecondsPerIteration: e, cliSecondsPerIteration: c, ratio: e / c, firstPreviewWarmSeconds: preview.warm, firstPreviewColdSeconds: preview.cold });
      }
    }
    const table = [
      `editor bench: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; full-width generated weights; ${options.iterations} iterations, ${options.warmup} warm-up, ${options.rounds} rounds alternating`,
      '| size | backend | editor s/iter | CLI s/iter | ratio | first preview 64x64, preloaded s | cold s |',
      '|---|---|---:|---:|---:|---:|---:|',
      ...rows.map((r) => `| ${r.size[0]}x${r.size[1]} | ${r.backend} | ${r.editorSecondsPerIteration.toFixed(3)} | ${r.cliSecondsPerIteration.toFixed(3)} | ${r.ratio.toFixed(2)} | ${r.firstPreviewWarmSeconds.toFixed(2)} | ${r.firstPreviewColdSeconds.toFixed(2)} |`),
    ].join('\n');
    mkdirSync(options.out, { recursive: true });
    const results = join(options.out, 'results.json');
    const earlier = existsSync(results) ? (JSON.parse(readFileSync(results, 'utf8')) as Record<string, unknown>) : {};
    writeFileSync(results, JSON.stringify({ ...earlier, editor: rows }, null, 2) + '\n');
    return `${table}\n\nAdded editor to ${results}.`;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

let job = 1;

/** One run on the engine; resolves to its progress times (ms), rejects on an error event. */
function engineRun(client: EngineClient, run: { backend: EngineBackend; weights: string; graphPath: string; text: string; roots: string[] }, onEvent?: (e: EngineEvent) => void): Promise<number[]> {
  const ms: number[] = [];
  return new Promise((resolve, reject) => {
    client.submit({ type: 'run', job: job++, client: 'bench', graphText: run.text, graphPath: run.graphPath, roots: run.roots, backend: run.backend, weights: run.weights, name: 'bench' }, 'bench', (e) => {
      onEvent?.(e);
      if (e.kind === 'progress') ms.push(...e.events.map((p) => p.ms));
      if (e.kind === 'error') reject(new Error(e.message));
      if (e.kind === 'done') resolve(ms);
    });
  });
}

/** The same run from the CLI (`--json`); resolves to its progress times (ms). */
function cliRun(backend: EngineBackend, weights: string, graphFile: string, cwd: string): Promise<number[]> {
  const args = [join(REPO, 'bin', 'stylegraph.js'), 'run', graphFile, '--json', '--backend', backend, '--weights', weights, '--no-history', '--out', join(cwd, 'cli.png')];
  const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`stylegraph run exited ${code}: ${stderr.slice(-500)}`));
      else resolve(stdout.split('\n').filter((l) => l.includes('"progress"')).map((l) => (JSON.parse(l) as { ms: number }).ms));
    });
  });
}

/** Seconds from Run to the first preview at 64x64 on a fresh engine: with the weights preloaded (prepare, waited for), and cold. */
async function firstPreview(backend: EngineBackend, weights: string, graphPath: string, root: string): Promise<{ warm: number; cold: number }> {
  const text = writeCanonical(benchGraph([64, 64], 4, { previewEvery: 1 }));
  const time = async (preload: boolean): Promise<number> => {
    let ready: () => void = () => undefined;
    const prepared = new Promise<void>((resolve) => (ready = resolve));
    const client = new EngineClient({ script: SCRIPT, log: (line) => /^engine: .* ready on /.test(line) && ready() });
    try {
      if (preload) {
        client.prepare(backend, weights);
        await prepared;
      }
      const started = performance.now();
      let seconds = NaN;
      await engineRun(client, { backend, weights, graphPath, text, roots: [root] }, (e) => {
        if (e.kind === 'preview' && Number.isNaN(seconds)) seconds = (performance.now() - started) / 1000;
      });
      return seconds;
    } finally {
      client.dispose();
    }
  };
  return { cold: await time(false), warm: await time(true) };
}
