import * as vscode from 'vscode';
import { parseGraph } from '../core/graph/parse';
import type { ComparedRun, HostMessage, RunListItem, WebviewMessage } from '../core/protocol/messages';
import { DEFAULT_HISTORY_CAP, listRuns, readRun, recordRun, type RunSummary } from '../node/run-history';

/** The `stylegraph.historyLimit` setting: runs kept per graph; 0 records none. */
export function historyLimit(): number {
  const value = vscode.workspace.getConfiguration('stylegraph').get<number>('historyLimit');
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : DEFAULT_HISTORY_CAP;
}

type RecordRun = Extract<WebviewMessage, { type: 'recordRun' }>;

/**
 * The editor's side of run history, in the CLI's layout (src/node/run-history.ts): records the
 * webview's runs, lists and compares the records, restores a record's graph as one edit.
 * `graphPath` is undefined for a graph that is not a file (nothing is recorded or listed).
 */
export class EditorHistory {
  constructor(
    private readonly graphPath: string | undefined,
    private readonly imageUri: (path: string) => string,
    private readonly post: (message: HostMessage) => void,
    private readonly applyText: (text: string) => Promise<boolean>,
    private readonly log: (line: string) => void,
  ) {}

  /** Records a run (unless the limit is 0 or the workspace is untrusted), then sends the new list. A record that cannot be written is logged: the run itself succeeded. */
  async record(message: RecordRun): Promise<void> {
    const cap = historyLimit();
    if (!this.graphPath || cap === 0 || !vscode.workspace.isTrusted) return;
    const parsed = parseGraph(message.graphText);
    if (!parsed.graph) {
      this.log(`run not recorded: the graph it ran does not parse (${parsed.problems[0]?.message ?? 'unknown'})`);
      return;
    }
    try {
      const { id, pruned } = await recordRun(this.graphPath, { graph: parsed.graph, info: message.info, losses: message.losses, image: message.image }, cap);
      this.log(`recorded run ${id}${pruned.length ? ` (removed ${pruned.length} older)` : ''}`);
    } catch (error) {
      this.log(`run not recorded: ${(error as Error).message}`);
      this.post({ type: 'historyError', message: `The run was not recorded: ${(error as Error).message}` });
    }
    await this.list();
  }

  async list(): Promise<void> {
    const runs = this.graphPath ? await listRuns(this.graphPath) : [];
    this.post({ type: 'runs', runs: runs.map((r) => this.item(r)) });
  }

  async compare(ids: readonly [string, string]): Promise<void> {
    try {
      const [a, b] = await Promise.all(ids.map((id) => this.read(id)));
      this.post({ type: 'comparison', runs: [a!, b!] });
    } catch (error) {
      this.post({ type: 'historyError', message: (error as Error).message });
    }
  }

  /** Makes the document's content the graph the run ran: one edit, undone with one Undo. */
  async restore(id: string): Promise<void> {
    try {
      const run = await this.read(id);
      if (!(await this.applyText(run.graphText))) throw new Error(`run ${id}: the document refused the edit`);
    } catch (error) {
      this.post({ type: 'historyError', message: (error as Error).message });
    }
  }

  private async read(id: string): Promise<ComparedRun> {
    if (!this.graphPath) throw new Error('this graph is not a file: it has no run history');
    const run = await readRun(this.graphPath, id);
    return { ...this.item(run), graphText: run.graphText, losses: run.losses };
  }

  private item(run: RunSummary): RunListItem {
    return { id: run.id, info: run.info, imageUri: this.imageUri(run.image) };
  }
}
