/**
 * The editor's engine process as the extension host drives it (EngineClient forks
 * out/src/node/engine/engine-main.js): runs that match `stylegraph run` on the same backend,
 * Stop within one iteration, the target cache across runs, looking inside, a queue for two
 * editors, paths kept in the workspace, and a SIGKILL mid-run answered with one clear error and a
 * fresh process for the next run.
 */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EngineClient } from '../../src/node/engine/engine-client';
import type { EngineEvent, EngineRequest } from '../../src/core/protocol/engine-messages';
import { applyOverrides } from '../../src/core/graph/overrides';
import { loadGraph } from '../../src/core/graph/load';
import { writeCanonical } from '../../src/core/graph/canonical';
import { randomVggWeights, writeTfjsFiles } from '../helpers/weight-files';
import { runCli, workspaceCopy } from '../helpers/cli';
import { REPO } from '../helpers/paths';
import { tempFolder } from '../helpers/temp-folder';

const SCRIPT = join(REPO, 'out', 'src', 'node', 'engine', 'engine-main.js');
let ws: string;
let weights: string;
let graphPath: string;
const logged: string[] = [];
const client = new EngineClient({ script: SCRIPT, log: (line) => logged.push(line) });

before(async () => {
  ws = workspaceCopy();
  weights = await writeTfjsFiles(randomVggWeights(5), join(ws, 'weights'));
  graphPath = join(ws, 'examples', 'seed.stylegraph.json');
});
after(() => client.dispose());

/** The seed at `size` with `iterations`, as the editor sends it (the run size applied to the text). */
function seedText(iterations: number, size: [number, number] = [24, 32]): string {
  const graph = applyOverrides(loadGraph(readFileSync(graphPath, 'utf8')).graph!, { size, iterations });
  return writeCanonical({ ...graph, nodes: graph.nodes.map((n) => (n.id === 'adam' ? { ...n, params: { ...n.params, previewEvery: 2 } } : n)) });
}

let nextJob = 1;
type JobType = 'run' | 'evaluate';

/** Submits a job and collects its events until the last one; `onEvent` may act on each (stop, kill). */
function job(type: JobType, graphText: string, options: { client?: string; backend?: 'cpu' | 'wasm' | 'onnx'; roots?: string[]; onEvent?: (e: EngineEvent, id: number) => void } = {}): Promise<EngineEvent[]> {
  const id = nextJob++;
  const events: EngineEvent[] = [];
  const request: EngineRequest = { type, job: id, client: options.client ?? 'a', graphText, graphPath, roots: options.roots ?? [ws], backend: options.backend ?? 'cpu', weights, name: 'seed.stylegraph.json' };
  return new Promise((resolve) => {
    client.submit(request as Extract<EngineRequest, { type: JobType }>, options.client ?? 'a', (event) => {
      events.push(event);
      options.onEvent?.(event, id);
      if (['done', 'evaluated', 'error'].includes(event.kind)) resolve(events);
    });
  });
}

const last = (events: EngineEvent[]) => events[events.length - 1]!;
const done = (events: EngineEvent[]) => {
  const e = last(events);
  assert.equal(e.kind, 'done', `the job ended with ${JSON.stringify(e).slice(0, 300)}`);
  return (e as Extract<EngineEvent, { kind: 'done' }>).result;
};

test('a run on the engine reports stages, its backend, every iteration and previews, and matches `stylegraph run` on the same backend', async () => {
  const events = await job('run', seedText(6));
  const kinds = events.map((e) => e.kind);
  assert.deepEqual(kinds.slice(0, 4), ['stage', 'backend', 'loop', 'stage']);
  assert.deepEqual(events[1], { kind: 'backend', backend: 'cpu', threads: 1 });
  assert.deepEqual(events[2], { kind: 'loop', nativeLoop: false, placement: 'every node on tfjs cpu' });
  const progress = events.flatMap((e) => (e.kind === 'progress' ? e.events : []));
  assert.deepEqual(progress.map((e) => e.iteration), [1, 2, 3, 4, 5, 6]);
  const previews = events.filter((e): e is Extract<EngineEvent, { kind: 'preview' }> => e.kind === 'preview');
  // Previews due within 100 ms of each other come as the latest of them (live-events.ts).
  assert.ok(previews.length > 0 && previews.every((e) => e.event.image.data.length === 24 * 32 * 4), 'previews of the image');
  const shown = previews.map((e) => e.event.iteration);
  assert.deepEqual(shown, [...shown].sort((a, b) => a - b), 'in order');
  const result = done(events);
  assert.equal(result.status, 'done');
  assert.equal(result.iterations, 6);
  assert.deepEqual([result.image.height, result.image.width], [24, 32]);

  const cli = await runCli(['run', graphPath, '--weights', weights, '--size', '24x32', '--iterations', '6', '--backend', 'cpu', '--out', join(ws, 'cli.png'), '--json'], { cwd: ws });
  assert.equal(cli.code, 0, cli.stderr);
  const cliLosses = cli.stdout.split('\n').filter((l) => l.includes('"progress"')).map((l) => (JSON.parse(l) as { loss: number }).loss);
  assert.equal(cliLosses.length, 6);
  progress.forEach((e, i) => assert.ok(Math.abs(e.loss - cliLosses[i]!) <= 1e-5 * Math.abs(cliLosses[i]!), `iteration ${i + 1}: engine ${e.loss}, CLI ${cliLosses[i]}`));
});

test('a second run changing only a weight reuses the targets the first computed', async () => {
  const first = done(await job('run', seedText(2)));
  const graph = loadGraph(seedText(2)).graph!;
  const alpha = graph.nodes.find((n) => n.id === 'alpha')!;
  const changed = writeCanonical({ ...graph, nodes: graph.nodes.map((n) => (n === alpha ? { ...n, params: { ...n.params, w: 20 } } : n)) });
  const second = done(await job('run', changed));
  assert.ok(first.stats.constantEvaluations >= 0);
  assert.equal(second.stats.constantEvaluations, 0, 'no constant computed again');
  assert.ok(second.stats.cachedConstants > 0);
});

test('Stop ends a run within one iteration, as cancelled, with its image', async () => {
  let stoppedAt = 0;
  const events = await job('run', seedText(200), {
    onEvent: (e, id) => {
      const reached = e.kind === 'progress' ? Math.max(...e.events.map((p) => p.iteration)) : 0;
      if (stoppedAt === 0 && reached >= 3) {
        stoppedAt = reached;
        client.stop('a', id);
      }
    },
  });
  const result = done(events);
  assert.equal(result.status, 'cancelled');
  assert.ok(result.iterations >= stoppedAt && result.iterations <= stoppedAt + 2, `stopped at ${result.iterations}`);
});

test('looking inside the last run: a features node gives its 16 most active channels, a Gram node its matrix', async () => {
  done(await job('run', seedText(2)));
  const inspect = (nodeId: string, channels?: number[]) =>
    new Promise<EngineEvent>((resolve) => client.submit({ type: 'inspect', job: nextJob++, client: 'a', nodeId, ...(channels && { channels }) }, 'a', resolve));
  const features = await inspect('style_conv1_1');
  assert.equal(features.kind, 'inspected', JSON.stringify(features));
  const value = (features as Extract<EngineEvent, { kind: 'inspected' }>).value;
  assert.equal(value.type, 'features');
  if (value.type === 'features') {
    assert.deepEqual([value.height, value.width, value.channels], [24, 32, 4]);
    assert.equal(value.maps.length, 4);
    assert.equal(value.maps[0]!.values.length, 24 * 32);
  }
  const gram = await inspect('gram_style_conv1_1');
  assert.equal(gram.kind, 'inspected');
  const g = (gram as Extract<EngineEvent, { kind: 'inspected' }>).value;
  assert.equal(g.type === 'gram' && g.values.length, 16);
  const other = await new Promise<EngineEvent>((resolve) => client.submit({ type: 'inspect', job: nextJob++, client: 'b', nodeId: 'gram_style_conv1_1' }, 'b', resolve));
  assert.deepEqual(other, { kind: 'error', message: 'Run the graph to look inside this node.' });
});

test('a second editor\'s run waits behind the first and says so', async () => {
  const first = job('run', seedText(4), { client: 'a' });
  const second = job('run', seedText(2), { client: 'b' });
  const [a, b] = await Promise.all([first, second]);
  assert.equal(done(a).status, 'done');
  assert.deepEqual(b[0], { kind: 'queued', behind: 'a' });
  assert.equal(done(b).status, 'done');
});

test('an image outside the workspace folders is one error naming the node; nothing runs', async () => {
  const events = await job('run', seedText(2), { roots: [join(ws, 'media')] });
  const e = last(events);
  assert.equal(e.kind, 'error');
  assert.match((e as { message: string }).message, /content|style/);
  assert.match((e as { message: string }).message, /outside the workspace/);
  assert.ok(!events.some((x) => x.kind === 'progress'));
});

test('the engine killed mid-run (SIGKILL): one clear error for that run, and the next run starts a new process that works', async () => {
  const before = client.pid;
  const events = await job('run', seedText(200), {
    onEvent: (e) => {
      if (e.kind === 'progress' && e.events.some((p) => p.iteration === 2)) process.kill(client.pid!, 'SIGKILL');
    },
  });
  const e = last(events);
  assert.equal(e.kind, 'error');
  assert.match((e as { message: string }).message, /^the engine process was killed \(SIGKILL.*the next Run starts a new one$/);
  const again = done(await job('run', seedText(2)));
  assert.equal(again.status, 'done');
  assert.notEqual(client.pid, before);
});

test('a run that would need more memory than the budget is refused before it starts, in one line', async () => {
  const small = new EngineClient({ script: SCRIPT, log: () => undefined, env: { ...process.env, STYLEGRAPH_MEMORY_MB: '1' } });
  try {
    const events = await new Promise<EngineEvent[]>((resolve) => {
      const seen: EngineEvent[] = [];
      small.submit({ type: 'run', job: nextJob++, client: 'a', graphText: seedText(2), graphPath, roots: [ws], backend: 'cpu', weights, name: 'seed.stylegraph.json' }, 'a', (e) => {
        seen.push(e);
        if (e.kind === 'done' || e.kind === 'error') resolve(seen);
      });
    });
    const e = last(events);
    assert.equal(e.kind, 'error');
    assert.match((e as { message: string }).message, /memory budget \(\$STYLEGRAPH_MEMORY_MB\)/);
    assert.ok(!events.some((x) => x.kind === 'progress'));
  } finally {
    small.dispose();
  }
});

test('the last editor closed mid-run (dispose): the engine ends and leaves nothing in its temporary folder, the onnx weights file included; the run said it was native', async () => {
  const tmp = tempFolder('engine-tmp-');
  const own = new EngineClient({ script: SCRIPT, log: () => undefined, env: { ...process.env, TMPDIR: tmp } });
  let pid: number | undefined;
  let loop: EngineEvent | undefined;
  await new Promise<void>((resolve) => {
    own.submit({ type: 'run', job: nextJob++, client: 'a', graphText: seedText(500), graphPath, roots: [ws], backend: 'onnx', weights, name: 'seed.stylegraph.json' }, 'a', (e) => {
      if (e.kind === 'loop') loop = e;
      if (e.kind === 'progress' && e.events.some((p) => p.iteration >= 2) && pid === undefined) {
        pid = own.pid;
        assert.ok(readdirSync(tmp).some((f) => f.startsWith(`stylegraph-onnx-${pid}-`)), 'the onnx weights folder while it runs');
        own.dispose();
        resolve();
      }
      if (e.kind === 'error' || e.kind === 'done') resolve();
    });
  });
  assert.ok(pid !== undefined, 'the run reached iteration 2');
  assert.deepEqual(loop, { kind: 'loop', nativeLoop: true, placement: 'the whole iteration on onnxruntime' });
  const gone = Date.now() + 30_000;
  while (isRunning(pid!) && Date.now() < gone) await new Promise((r) => setTimeout(r, 100));
  assert.equal(isRunning(pid!), false, 'the engine process ended');
  assert.deepEqual(readdirSync(tmp), []);
});

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
