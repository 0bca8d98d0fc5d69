/**
 * What the engine process does with each request: runs and evaluations on one run session per
 * backend (its VGG-19 network and target cache kept across runs, as the webview's runner kept
 * them), the last run of each editor for looking inside it, Stop within one iteration.
 */
import { dirname } from 'node:path';
import { loadGraph } from '../../core/graph/load';
import { GraphError } from '../../core/graph/problems';
import type { Graph } from '../../core/graph/types';
import { compile } from '../../core/compile/plan';
import { compileEvaluation } from '../../core/compile/evaluation-plan';
import { liveEvents, type LiveEvents } from './live-events';
import { NodeRunError } from '../../core/nodes/types';
import type { RawImage } from '../../core/image/raw-image';
import { nodeValue, type InspectSource } from '../../core/inspect/node-value';
import { inspectedValue } from '../../core/inspect/inspected-value';
import { cropsOf, keptDisplay, showsValue } from '../../core/inspect/kept-values';
import type { EngineBackend, EngineEvent, EngineReply, EngineRequest, GraphJob } from '../../core/protocol/engine-messages';
import { checkInputFiles } from '../input-files';
import { maxPixelsFromEnv, readImageFile } from '../image-file';
import { readLabelledFolder } from '../labelled-folder';
import { loadWeightsFile } from '../weights-store';
import { RunSession } from '../run-session';
import { isFrameGraph } from '../../core/run/frame-loop';
import { runFrameJob } from './engine-frames';
import { loopPlacement } from '../../core/run/loop-placement';

type Request<T extends EngineRequest['type']> = Extract<EngineRequest, { type: T }>;

/** The session of one backend and weights file (a different one replaces it: tfjs has one backend per process). */
interface Current {
  readonly backend: EngineBackend;
  readonly weights: string | undefined;
  readonly session: Promise<RunSession>;
}

export class EngineJobs {
  private current: Current | undefined;
  /** The job running now, by client and job id, and its Stop. */
  private running: { client: string; job: number; abort: AbortController } | undefined;
  private queue: Promise<void> = Promise.resolve();
  private readonly last = new Map<string, InspectSource>();

  constructor(private readonly send: (reply: EngineReply) => void, private readonly log: (line: string) => void) {}

  handle(request: EngineRequest): void {
    switch (request.type) {
      case 'stop':
        if (this.running?.client === request.client && this.running.job === request.job) this.running.abort.abort();
        return;
      case 'forget':
        this.last.delete(request.client);
        return;
      case 'prepare':
        // Loads the weights beside any job: a run that starts meanwhile waits for the same load.
        void this.sessionFor(request.backend, request.weights)
          .then((session) => session.network(new AbortController().signal))
          .then(() => this.log(`engine: ${request.weights} ready on ${request.backend}`), (e: Error) => this.log(`engine: preparing failed: ${e.message}`));
        return;
      default:
        this.queue = this.queue.then(() => this.serve(request));
    }
  }

  private async serve(request: Request<'run' | 'evaluate' | 'inspect'>): Promise<void> {
    const abort = new AbortController();
    this.running = { client: request.client, job: request.job, abort };
    const events = liveEvents((event) => this.send({ client: request.client, job: request.job, event }));
    const reply = events.reply;
    try {
      if (request.type === 'run') await this.run(request, abort.signal, reply, events);
      else if (request.type === 'evaluate') await this.evaluate(request, abort.signal, reply);
      else await this.inspect(request, reply);
    } catch (e) {
      const error = e as Error;
      const nodeId = e instanceof NodeRunError ? e.nodeId : e instanceof GraphError ? e.problems.find((p) => p.nodeId)?.nodeId : undefined;
      if (abort.signal.aborted) reply({ kind: 'error', message: 'stopped before the run started', stopped: true });
      else reply({ kind: 'error', message: error.message, ...(nodeId !== undefined && { nodeId }) });
    } finally {
      this.running = undefined;
    }
  }

  private sessionFor(backend: EngineBackend, weights: string | undefined): Promise<RunSession> {
    const current = this.current;
    if (current && current.backend === backend && (weights === undefined || current.weights === undefined || current.weights === weights)) {
      if (current.weights === undefined && weights !== undefined) this.current = { ...current, weights };
      return current.session;
    }
    const source = { path: weights };
    const session = (async () => {
      await (await current?.session.catch(() => undefined))?.dispose();
      return RunSession.start({
        backend,
        log: this.log,
        hardwareGpu: true,
        weights: async (signal) => {
          const path = this.current?.weights ?? source.path;
          if (path === undefined) throw new Error('no VGG-19 weights were given to the engine');
          return (await loadWeightsFile(path, { signal })).weights;
        },
      });
    })();
    this.current = { backend, weights, session };
    session.catch(() => {
      if (this.current?.session === session) this.current = undefined;
    });
    return session;
  }

  /** The job's graph, parsed and validated as the editor sent it. */
  private graphOf(job: GraphJob): Graph {
    const loaded = loadGraph(job.graphText, { fileName: job.name });
    if (!loaded.graph || loaded.problems.length) throw new GraphError(loaded.problems, job.name);
    return loaded.graph;
  }

  /** The job's input files, checked as the CLI checks them, inside the job's roots: one problem thrown as itself. */
  private async inputsOf(job: GraphJob, graph: Graph): Promise<ReadonlyMap<string, string>> {
    const checked = await checkInputFiles(graph, dirname(job.graphPath), maxPixelsFromEnv(), { folders: job.roots, name: 'the workspace' });
    checked.notes.forEach(this.log);
    const [first, ...more] = checked.problems;
    if (first && more.length) throw new GraphError(checked.problems.map((e) => ({ code: 'input-file', message: e.message, nodeId: e.nodeId })), job.name);
    if (first) throw first;
    return checked.inputs;
  }

  private async begin(job: GraphJob, reply: (event: EngineEvent) => void): Promise<RunSession> {
    reply({ kind: 'stage', stage: 'loading' });
    const session = await this.sessionFor(job.backend, job.weights);
    reply({ kind: 'backend', backend: session.backend, threads: session.threads });
    return session;
  }

  private async run(job: Request<'run'>, signal: AbortSignal, reply: (event: EngineEvent) => void, live: LiveEvents): Promise<void> {
    this.last.delete(job.client);
    const graph = this.graphOf(job);
    const plan = compile(graph, job.name);
    const inputs = await this.inputsOf(job, graph);
    const session = await this.begin(job, reply);
    const files = new Map<string, RawImage>();
    const readImage = async (path: string) => {
      const image = await readImageFile(inputs.get(path)!, { signal });
      files.set(path, image);
      return image;
    };
    let started = false;
    /** The loop has started: its first event (the starting image's preview, or the first iteration's progress; a frame run's first frame). */
    const running = () => {
      if (!started) reply({ kind: 'stage', stage: 'running' });
      started = true;
    };
    if (isFrameGraph(plan)) return runFrameJob(session, { plan, inputs, readImage, name: job.name, ...(job.frames !== undefined && { frames: job.frames }) }, signal, reply, running, live);
    const run = await session.run(plan, { readImage }, {
      signal,
      source: job.name,
      onStart: (start) => reply({ kind: 'loop', nativeLoop: start.nativeLoop, placement: loopPlacement(session.backend, start) }),
      onProgress: (event) => {
        running();
        live.progress(event);
      },
      onPreview: (event) => {
        running();
        live.preview(event);
      },
    });
    const { result } = run;
    const source: InspectSource = { plan, model: run.model, files, generated: result.image, iteration: result.iterations, ...(run.faceModels && { faceModels: run.faceModels }) };
    this.last.set(job.client, source);
    reply({ kind: 'done', result, crops: [...(await cropsOf(source))] });
  }

  private async evaluate(job: Request<'evaluate'>, signal: AbortSignal, reply: (event: EngineEvent) => void): Promise<void> {
    this.last.delete(job.client);
    const graph = this.graphOf(job);
    const plan = compileEvaluation(graph, job.name);
    const inputs = await this.inputsOf(job, graph);
    const session = await this.begin(job, reply);
    const files = {
      readImage: (path: string) => readImageFile(inputs.get(path)!, { signal }),
      readFolder: (path: string) => readLabelledFolder(inputs.get(path)!, { signal }),
    };
    const { results, kept, seconds } = await session.evaluate(plan, files, signal, (p) => showsValue(p.def));
    const { images, scalars } = await keptDisplay(kept);
    reply({ kind: 'evaluated', results, images: [...images], scalars: [...scalars], seconds, stopped: signal.aborted });
  }

  private async inspect(request: Request<'inspect'>, reply: (event: EngineEvent) => void): Promise<void> {
    const source = this.last.get(request.client);
    if (!source) throw new Error('Run the graph to look inside this node.');
    const value = nodeValue(source, request.nodeId);
    try {
      reply({ kind: 'inspected', value: await inspectedValue(value, request.channels) });
    } finally {
      value.tensor.dispose();
    }
  }
}
