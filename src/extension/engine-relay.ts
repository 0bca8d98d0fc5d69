/**
 * One editor's side of the engine process: turns its webview's engine intents into engine jobs (the
 * document's path and folders, the weights the host resolved) and relays each job's events back.
 * The webview is trusted with nothing: runs need a trusted workspace, paths stay in its folders
 * (the engine checks them as the CLI does).
 */
import type { EngineClient } from '../node/engine/engine-client';
import type { EngineEvent } from '../core/protocol/engine-messages';
import type { HostMessage, WebviewMessage } from '../core/protocol/messages';

type EngineIntent = Extract<WebviewMessage, { type: 'engineRun' | 'engineEvaluate' | 'engineInspect' | 'engineStop' }>;

export interface RelayHost {
  /** Names this editor in queue messages ("queued behind seed.stylegraph.json"). */
  readonly name: string;
  readonly graphPath: string;
  roots(): string[];
  trusted(): boolean;
  /** The weights' model.json (resolving, even downloading them, when needed); throws after showing why not. */
  weights(): Promise<string>;
  post(message: HostMessage): void;
}

let nextClient = 1;

export class EngineRelay {
  readonly client = `editor-${nextClient++}`;

  constructor(private readonly engine: () => EngineClient, private readonly host: RelayHost) {}

  async handle(intent: EngineIntent): Promise<void> {
    const reply = (event: EngineEvent) => this.host.post({ type: 'engineEvent', job: intent.job, event });
    const engine = this.engine();
    if (intent.type === 'engineStop') return engine.stop(this.client, intent.job);
    if (intent.type === 'engineInspect') {
      engine.submit({ type: 'inspect', job: intent.job, client: this.client, nodeId: intent.nodeId, ...(intent.channels && { channels: intent.channels }) }, this.host.name, reply);
      return;
    }
    if (!this.host.trusted()) return reply({ kind: 'error', message: 'running is disabled in an untrusted workspace' });
    let weights: string | undefined;
    if (intent.needsWeights) {
      try {
        weights = await this.host.weights();
      } catch (error) {
        return reply({ kind: 'error', message: (error as Error).message, shown: true });
      }
    }
    const job = { job: intent.job, client: this.client, graphText: intent.graphText, graphPath: this.host.graphPath, roots: this.host.roots(), backend: intent.backend, name: this.host.name, ...(weights !== undefined && { weights }), ...(intent.frames !== undefined && { frames: intent.frames }) };
    engine.submit({ type: intent.type === 'engineRun' ? 'run' : 'evaluate', ...job }, this.host.name, reply);
  }

  /** The editor closed: its jobs stop, its last run is forgotten. */
  dispose(): void {
    this.engine().forget(this.client);
  }
}
