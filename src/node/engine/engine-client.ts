/**
 * The extension host's side of the engine process (engine-main.ts): starts it on the first job,
 * queues the jobs of every editor (one runs at a time; a queued job hears whose it waits behind),
 * relays each job's events, and turns the process's death (a kill, out of memory, a native crash)
 * into one clear error for the job it was running; the next job starts a fresh process.
 * No vscode here, so the bench and the tests drive it as the extension does.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { endsJob, type EngineBackend, type EngineEvent, type EngineReply, type EngineRequest } from '../../core/protocol/engine-messages';

type JobRequest = Extract<EngineRequest, { type: 'run' | 'evaluate' | 'inspect' }>;

interface Job {
  readonly request: JobRequest;
  /** Names the job's editor to the jobs queued behind it. */
  readonly owner: string;
  readonly onEvent: (event: EngineEvent) => void;
}

export interface EngineClientOptions {
  /** The engine script: dist/engine.js (the extension), out/src/node/engine/engine-main.js (tests, bench). */
  readonly script: string;
  /** Lines the engine writes on stderr, and what the client sees. */
  readonly log: (line: string) => void;
  readonly env?: NodeJS.ProcessEnv;
}

/** Why the engine process ended, in words a user can act on. */
export function engineEndedMessage(code: number | null, signal: NodeJS.Signals | null): string {
  if (signal === 'SIGKILL') return 'the engine process was killed (SIGKILL: out of memory, or ended from outside) during the run; the next Run starts a new one';
  if (signal) return `the engine process ended on ${signal} during the run; the next Run starts a new one`;
  if (code === 134 || code === 133) return `the engine process crashed (exit code ${code}: out of memory or a native error) during the run; the next Run starts a new one`;
  return `the engine process exited (code ${code}) during the run; the next Run starts a new one`;
}

export class EngineClient {
  private child: ChildProcess | undefined;
  private running: Job | undefined;
  private readonly waiting: Job[] = [];
  /** The backend the process's tfjs runs (a job for another one restarts the process). */
  private backend: EngineBackend | undefined;

  constructor(private readonly options: EngineClientOptions) {}

  /** The engine's process id, while it runs. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  get busy(): boolean {
    return this.running !== undefined;
  }

  /** Queues a job; its events go to `onEvent`, the last one being done, evaluated, inspected or error. */
  submit(request: JobRequest, owner: string, onEvent: (event: EngineEvent) => void): void {
    const job = { request, owner, onEvent };
    if (this.running) {
      this.waiting.push(job);
      onEvent({ kind: 'queued', behind: this.running.owner });
      return;
    }
    this.start(job);
  }

  /** Stops a client's job: the running one within one iteration, a queued one at once (it ends with an error saying so). */
  stop(client: string, job: number): void {
    const queued = this.waiting.findIndex((j) => j.request.client === client && j.request.job === job);
    if (queued >= 0) {
      const [removed] = this.waiting.splice(queued, 1);
      removed!.onEvent({ kind: 'error', message: 'stopped before the run started', stopped: true });
      return;
    }
    if (this.running?.request.client === client && this.running.request.job === job) this.child?.send({ type: 'stop', client, job } satisfies EngineRequest);
  }

  /** Loads the weights in the background (once per process and weights file) so the first Run does not wait for them. */
  prepare(backend: EngineBackend, weights: string): void {
    if (this.running) return;
    this.ensure(backend).send({ type: 'prepare', backend, weights } satisfies EngineRequest);
  }

  /** A client's editor closed: its queued jobs are dropped, its running job stopped, its last run forgotten. */
  forget(client: string): void {
    for (let i = this.waiting.length - 1; i >= 0; i--) if (this.waiting[i]!.request.client === client) this.waiting.splice(i, 1);
    if (this.running?.request.client === client) this.child?.send({ type: 'stop', client, job: this.running.request.job } satisfies EngineRequest);
    this.child?.send({ type: 'forget', client } satisfies EngineRequest);
  }

  /** Ends the process (its temporary folders go with it); the next job starts a new one. */
  dispose(): void {
    const child = this.child;
    this.child = undefined;
    this.backend = undefined;
    child?.kill('SIGTERM');
  }

  private start(job: Job): void {
    this.running = job;
    try {
      const child = 'backend' in job.request ? this.ensure(job.request.backend) : this.child;
      if (child) {
        child.send(job.request);
        return;
      }
      job.onEvent({ kind: 'error', message: 'Run the graph to look inside this node.' });
    } catch (e) {
      job.onEvent({ kind: 'error', message: `the engine process cannot start: ${(e as Error).message}` });
    }
    this.finish();
  }

  /** The process for `backend`: the running one, else a new one (ending one started for another backend). */
  private ensure(backend: EngineBackend): ChildProcess {
    if (this.child && this.backend === backend) return this.child;
    // Called only between jobs: nothing runs on a process ended here.
    this.dispose();
    const child = fork(this.options.script, [], {
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      // In VS Code the extension host's executable is Electron's: this makes it run as Node.
      env: { ...(this.options.env ?? process.env), ELECTRON_RUN_AS_NODE: '1' },
    });
    this.child = child;
    this.backend = backend;
    let partial = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop()!;
      lines.forEach((line) => this.options.log(line));
    });
    child.on('message', (reply: EngineReply) => this.onReply(child, reply));
    child.on('error', (error) => this.options.log(`engine process: ${error.message}`));
    child.on('exit', (code, signal) => this.onExit(child, code, signal));
    this.options.log(`engine process ${child.pid ?? '?'} started (${backend})`);
    return child;
  }

  private runningOn(child: ChildProcess): Job | undefined {
    return this.child === child ? this.running : undefined;
  }

  private onReply(child: ChildProcess, reply: EngineReply): void {
    const job = this.runningOn(child);
    if (!job || job.request.client !== reply.client || job.request.job !== reply.job) return;
    job.onEvent(reply.event);
    if (endsJob(reply.event)) this.finish();
  }

  private onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    this.options.log(`engine process ${child.pid ?? '?'} ended (${signal ?? `code ${code}`})`);
    if (this.child !== child) return;
    this.child = undefined;
    this.backend = undefined;
    const job = this.running;
    if (job) {
      job.onEvent({ kind: 'error', message: engineEndedMessage(code, signal) });
      this.finish();
    }
  }

  /** The running job ended: the next queued one starts. */
  private finish(): void {
    this.running = undefined;
    const next = this.waiting.shift();
    if (next) this.start(next);
  }
}
