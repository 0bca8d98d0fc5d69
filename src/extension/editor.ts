import * as vscode from 'vscode';
import { mkdir } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { backendChoicesOf, isEngineSetting, parseWebviewMessage, type EngineSetting, type HostMessage, type WebviewMessage } from '../core/protocol/messages';
import { isEngineBackend } from '../core/protocol/engine-messages';
import type { EngineClient } from '../node/engine/engine-client';
import { EngineRelay } from './engine-relay';
import { lineEdit } from '../core/graph/text-diff';
import { writeFileAtomic } from '../node/atomic-write';
import { confineRealPath, isInside } from '../node/confine';
import { readLabelledFolder } from '../node/labelled-folder';
import { checkImageFile, ImageFileError, maxPixelsFromEnv } from '../node/image-file';
import { newNonce, webviewHtml } from './webview-html';
import { imageNameFor } from './image-name';
import { plainText } from './plain-text';
import { WeightsUnavailable, type WeightsResolver } from './weights';
import { EditorHistory } from './editor-history';
import { SentLog, testSupportOn } from './test-support';
import { pickImagePath, recallView, rememberView } from './editor-view';

export const VIEW_TYPE = 'stylegraph.editor';

/** What the tests may look at: the messages this editor sent and how it handles raw input. */
export interface EditorSessionApi {
  readonly document: vscode.TextDocument;
  readonly html: string;
  /** The folders the webview may load from. */
  readonly localResourceRoots: readonly string[];
  /** Kept only with test support on (STYLEGRAPH_TEST_SUPPORT=1, as the E2E harness runs): empty in production. */
  readonly sent: readonly HostMessage[];
  readonly refused: readonly string[];
  /** The error notifications this editor showed, as shown. */
  readonly notifications: readonly string[];
  readonly running: boolean;
  readonly backend: string | undefined;
  handleMessage(raw: unknown): Promise<void>;
  /** Asks where Save Image writes, proposing `proposed` (the save dialog; tests put their own answer here). */
  pickSaveUri: (proposed: vscode.Uri) => Thenable<vscode.Uri | undefined>;
}

/** The `stylegraph.engine` setting (host when unset or not one of the choices). */
export function engineSetting(): EngineSetting {
  const value = vscode.workspace.getConfiguration('stylegraph').get<string>('engine');
  return isEngineSetting(value) ? value : 'host';
}

/** The `stylegraph.backend` setting (auto when unset or not a backend of the engine in use). */
export function backendSetting(): string {
  const value = vscode.workspace.getConfiguration('stylegraph').get<string>('backend') ?? 'auto';
  return backendChoicesOf(engineSetting()).includes(value) ? value : 'auto';
}

/** One open graph editor: the webview and the TextDocument it edits (the document is the truth). */
export class EditorSession implements EditorSessionApi, vscode.Disposable {
  private readonly sentLog = new SentLog(testSupportOn());
  readonly refused: string[] = [];
  readonly notifications: string[] = [];
  running = false;
  backend: string | undefined;
  pickSaveUri = (proposed: vscode.Uri): Thenable<vscode.Uri | undefined> =>
    vscode.window.showSaveDialog({ defaultUri: proposed, filters: { 'PNG image': ['png'] }, saveLabel: 'Save Image', title: 'Save the generated image' });
  /** Weights are resolved once the webview asks (on Run), then again after each settings change. */
  private weightsWanted = false;
  /** The text the webview is known to hold; a document change to anything else is sent to it. */
  private webviewText: string | undefined;
  private edits: Promise<unknown> = Promise.resolve();
  /** Canvas edits received and not yet applied (see sendDocumentIfChanged). */
  private pendingEdits = 0;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly disposedEmitter = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposedEmitter.event;
  private readonly history: EditorHistory;
  private readonly relay: EngineRelay;

  constructor(
    private readonly extensionUri: vscode.Uri,
    readonly document: vscode.TextDocument,
    readonly panel: vscode.WebviewPanel,
    private readonly weights: WeightsResolver,
    private readonly log: vscode.OutputChannel,
    private readonly engine: () => EngineClient,
  ) {
    const webview = panel.webview;
    this.relay = new EngineRelay(engine, {
      name: basename(document.uri.fsPath),
      graphPath: document.uri.fsPath,
      roots: () => this.workspaceRoots(),
      trusted: () => vscode.workspace.isTrusted,
      weights: () => this.engineWeights(),
      post: (m) => this.post(m),
    });
    this.history = new EditorHistory(
      document.uri.scheme === 'file' ? document.uri.fsPath : undefined,
      (path) => webview.asWebviewUri(vscode.Uri.file(path)).toString(),
      (m) => this.post(m),
      (text) => this.applyText(text),
      (line) => log.appendLine(line),
    );
    webview.options = { enableScripts: true, localResourceRoots: this.resourceRoots() };
    webview.html = webviewHtml({
      cspSource: webview.cspSource,
      nonce: newNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'webview.css')).toString(),
      title: basename(document.uri.fsPath),
    });
    this.disposables.push(
      webview.onDidReceiveMessage((raw: unknown) => this.handleMessage(raw)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document === document && e.contentChanges.length > 0) this.sendDocumentIfChanged();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        this.post({ type: 'trust', trusted: true });
        if (this.weightsWanted) void this.sendWeights();
      }),
      weights.onDidChange(() => {
        if (this.weightsWanted) void this.sendWeights();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('stylegraph.backend') || e.affectsConfiguration('stylegraph.engine')) this.post({ type: 'backendSetting', backend: backendSetting(), engine: engineSetting() });
      }),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  get html(): string {
    return this.panel.webview.html;
  }

  get localResourceRoots(): readonly string[] {
    return (this.panel.webview.options.localResourceRoots ?? []).map((u) => u.fsPath);
  }

  /** The extension's dist/ and media/, the workspace folders (or the graph's folder outside any), the weights cache. */
  private resourceRoots(): vscode.Uri[] {
    return [
      vscode.Uri.joinPath(this.extensionUri, 'dist'),
      vscode.Uri.joinPath(this.extensionUri, 'media'),
      ...this.workspaceRoots().map((p) => vscode.Uri.file(p)),
      vscode.Uri.file(this.weights.cacheDir),
    ];
  }

  /** Folders the graph's image and output paths must stay in. */
  workspaceRoots(): string[] {
    const folder = vscode.workspace.getWorkspaceFolder(this.document.uri);
    if (folder) return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
    // A graph opened from outside every workspace folder may use its own folder.
    return this.document.uri.scheme === 'file' ? [dirname(this.document.uri.fsPath)] : [];
  }

  /** An error notification whose text shows as written: a path in it cannot become a link (see plainText). */
  showError<T extends string>(message: string, ...actions: T[]): Thenable<T | undefined> {
    const shown = plainText(`Style Graph: ${message}`);
    this.notifications.push(shown);
    if (this.notifications.length > 50) this.notifications.shift();
    return vscode.window.showErrorMessage(shown, ...actions);
  }

  get sent(): readonly HostMessage[] {
    return this.sentLog.messages;
  }

  post(message: HostMessage): void {
    this.sentLog.record(message);
    void this.panel.webview.postMessage(message);
  }

  async handleMessage(raw: unknown): Promise<void> {
    const message = parseWebviewMessage(normaliseBinary(raw));
    if (!message) {
      const type = typeof raw === 'object' && raw !== null ? String((raw as { type?: unknown }).type).slice(0, 40) : typeof raw;
      this.refused.push(type);
      this.log.appendLine(`refused a malformed message from the webview (type ${type})`);
      return;
    }
    try {
      await this.dispatch(message);
    } catch (error) {
      this.log.appendLine(`${message.type}: ${(error as Error).stack ?? String(error)}`);
    }
  }

  private async dispatch(message: WebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready': {
        const faceModels = vscode.Uri.joinPath(this.extensionUri, 'dist', 'face-models');
        this.post({
          type: 'init',
          wasmBaseUri: `${this.panel.webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist')).toString()}/`,
          faceModels: { uri: `${this.panel.webview.asWebviewUri(faceModels).toString()}/`, path: faceModels.fsPath },
          backend: backendSetting(),
          engine: engineSetting(),
          ...(this.sentLog.on && { testHooks: true as const }),
        });
        const view = recallView(this.document.uri);
        if (view) this.post({ type: 'savedView', view });
        this.webviewText = this.document.getText();
        this.post({ type: 'document', text: this.webviewText });
        this.post({ type: 'trust', trusted: vscode.workspace.isTrusted });
        void this.prepareEngine();
        return;
      }
      case 'engineRun':
      case 'engineEvaluate':
      case 'engineInspect':
      case 'engineStop':
        return this.relay.handle(message);
      case 'requestWeights':
        this.weightsWanted = true;
        return this.sendWeights();
      case 'edit':
        this.webviewText = message.text;
        this.pendingEdits++;
        try {
          await this.applyText(message.text);
        } finally {
          this.pendingEdits--;
        }
        this.sendDocumentIfChanged();
        return;
      case 'undo':
      case 'redo':
        await this.afterEdits(() => vscode.commands.executeCommand(message.type));
        return;
      case 'resolveImage':
        return this.resolveImage(message.requestId, message.path);
      case 'readFolder':
        return this.readFolder(message.requestId, message.path);
      case 'saveImage':
        return this.saveImage(message.png);
      case 'runState':
        this.running = message.running;
        if (message.backend !== undefined) this.backend = message.backend;
        await vscode.commands.executeCommand('setContext', 'stylegraph.running', message.running);
        return;
      case 'openAsText':
        await vscode.commands.executeCommand('vscode.openWith', this.document.uri, 'default');
        return;
      case 'showError':
        void this.showError(message.message);
        return;
      case 'recordRun':
        return this.history.record(message);
      case 'listRuns':
        return this.history.list();
      case 'compareRuns':
        return this.history.compare(message.ids);
      case 'restoreRun':
        return this.history.restore(message.id);
      case 'viewState':
        return rememberView(this.document.uri, message.view);
      case 'pickImage':
        this.post({ type: 'imagePicked', requestId: message.requestId, ...(await pickImagePath(this.document)) });
        return;
    }
  }

  /** Replaces only the lines that differ, one edit at a time, so undo steps match canvas edits. */
  applyText(text: string): Promise<boolean> {
    const next = this.edits.then(async () => {
      const edit = lineEdit(this.document.getText(), text);
      if (!edit) return true;
      const workspaceEdit = new vscode.WorkspaceEdit();
      workspaceEdit.replace(this.document.uri, new vscode.Range(this.document.positionAt(edit.start), this.document.positionAt(edit.end)), edit.text);
      const ok = await vscode.workspace.applyEdit(workspaceEdit);
      if (!ok) this.log.appendLine('a canvas edit was not applied (the document refused it)');
      return ok;
    });
    this.edits = next.catch(() => undefined);
    return next;
  }

  /**
   * Runs `step` once the edits the page posted before are applied. The page's undo and redo keys
   * come this way (webview/undo-keys.ts): through the workbench's key forwarding, an undo overtook an
   * edit still on its way, took back the edit before it, and the late edit was refused and lost.
   */
  afterEdits<T>(step: () => Thenable<T>): Promise<T> {
    const next = this.edits.then(step);
    this.edits = next.then(undefined, () => undefined);
    return next;
  }

  private sendDocumentIfChanged(): void {
    // While canvas edits are being applied, the document is on its way to a text the page has sent:
    // showing it an earlier one would reload the canvas under the user's pointer (a lost click).
    // Once they are applied, anything else that changed the document meanwhile is sent.
    if (this.pendingEdits > 0) return;
    const text = this.document.getText();
    if (text === this.webviewText) return;
    this.webviewText = text;
    this.post({ type: 'document', text });
  }

  /**
   * Ready before Run: with the host engine, weights that resolve without a download (the setting's
   * file, or the one downloaded before) are loaded by the engine now, in the background.
   */
  private async prepareEngine(): Promise<void> {
    if (engineSetting() !== 'host' || !vscode.workspace.isTrusted) return;
    const weights = await this.weights.getIfLocal().catch(() => undefined);
    const backend = backendSetting();
    if (weights && isEngineBackend(backend)) this.engine().prepare(backend, weights.modelJson);
  }

  /** The weights the engine process loads (a model.json on this machine), or an error the user has been shown with the buttons that fix it. */
  private async engineWeights(): Promise<string> {
    try {
      return (await this.weights.get()).modelJson;
    } catch (error) {
      const message = (error as Error).message;
      // As for the webview engine: the banner says why, and goes once a settings change brings weights.
      this.weightsWanted = true;
      this.post({ type: 'weightsError', message });
      if (!(error instanceof WeightsUnavailable && error.cancelled)) void notifyWeightsError(this, message, this.weights);
      throw error;
    }
  }

  async sendWeights(): Promise<void> {
    try {
      const { modelJson, source } = await this.weights.get();
      this.post({ type: 'weights', modelJsonUri: this.panel.webview.asWebviewUri(vscode.Uri.file(modelJson)).toString(), source });
    } catch (error) {
      const message = (error as Error).message;
      this.post({ type: 'weightsError', message });
      if (!(error instanceof WeightsUnavailable && error.cancelled)) void notifyWeightsError(this, message, this.weights);
    }
  }

  /** A path from the webview, confined to the workspace, symbolic links included. */
  private confined(raw: string): Promise<string> {
    return confineRealPath(raw, dirname(this.document.uri.fsPath), this.workspaceRoots());
  }

  /** A webview URI for an image the graph names, once its header passed the CLI's check (checkImageFile: PNG or JPEG, within the pixel limit). */
  private async resolveImage(requestId: number, raw: string): Promise<void> {
    try {
      const path = await this.confined(raw);
      await vscode.workspace.fs.stat(vscode.Uri.file(path));
      await checkImageFile(path, maxPixelsFromEnv()).catch((error: Error) => {
        throw error instanceof ImageFileError ? new Error(`${raw} ${error.detail}`) : error;
      });
      this.post({ type: 'imageResolved', requestId, uri: this.panel.webview.asWebviewUri(vscode.Uri.file(path)).toString() });
    } catch (error) {
      const message = error instanceof vscode.FileSystemError ? `image not found: ${raw}` : (error as Error).message;
      this.post({ type: 'imageError', requestId, message });
    }
  }

  /** The images of a face.database folder, read and labelled as the CLI reads them (readLabelledFolder: the same pixel limit, symbolic links skipped with a line in the log), the folder confined as every path. */
  private async readFolder(requestId: number, raw: string): Promise<void> {
    try {
      const path = await this.confined(raw);
      const stat = await vscode.workspace.fs.stat(vscode.Uri.file(path)).then((s) => s, () => undefined);
      if (!stat) throw new Error(`folder not found: ${raw}`);
      if (!(stat.type & vscode.FileType.Directory)) throw new Error(`${raw} is not a folder`);
      const files = await readLabelledFolder(path, { note: (line) => this.log.appendLine(`face folder ${raw}: ${line}`) });
      this.post({ type: 'folderRead', requestId, files });
    } catch (error) {
      this.post({ type: 'folderError', requestId, message: (error as Error).message });
    }
  }

  /**
   * Writes the PNG where the user picks in a save dialog, proposing "<graph name>.png" beside the
   * graph (the dialog asks before replacing a file); the pick must stay in the workspace.
   */
  private async saveImage(png: Uint8Array): Promise<void> {
    try {
      if (!vscode.workspace.isTrusted) throw new Error('saving images is off in an untrusted workspace');
      const graphPath = this.document.uri.fsPath;
      const picked = await this.pickSaveUri(vscode.Uri.file(join(dirname(graphPath), imageNameFor(basename(graphPath)))));
      if (!picked) return;
      if (picked.scheme !== 'file') throw new Error(`${picked.toString()} is not a file on this machine`);
      if (!/\.png$/i.test(picked.fsPath)) throw new Error(`"${picked.fsPath}" must end in .png`);
      const path = await this.confined(picked.fsPath);
      await mkdir(dirname(path), { recursive: true });
      await writeFileAtomic(path, png);
      const shown = relative(this.workspaceRoots().find((r) => isInside(path, r)) ?? dirname(path), path);
      this.log.appendLine(`saved ${path} (${png.length} bytes)`);
      this.post({ type: 'saved', path: shown });
    } catch (error) {
      this.post({ type: 'saveError', message: (error as Error).message });
    }
  }

  dispose(): void {
    this.relay.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.disposedEmitter.fire();
    this.disposedEmitter.dispose();
  }
}

/**
 * The one place binary data from the webview is normalised (a saveImage's `png`, a recordRun's
 * `image.data`): VS Code 1.100 delivers a Uint8Array (a Buffer in the extension host); an
 * ArrayBuffer or another typed array is converted.
 */
export function normaliseBinary(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null) return raw;
  if ('png' in raw) return { ...raw, png: bytes((raw as { png: unknown }).png) };
  const image = (raw as { image?: unknown }).image;
  if (typeof image === 'object' && image !== null && 'data' in image) return { ...raw, image: { ...image, data: bytes((image as { data: unknown }).data) } };
  return raw;
}

function bytes(v: unknown): unknown {
  if (v instanceof Uint8Array) return v;
  if (v instanceof ArrayBuffer) return new Uint8Array(v);
  if (ArrayBuffer.isView(v)) return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  return v;
}

let notifying = false;

/** One notification at a time (for all editors), with buttons that fix it. */
async function notifyWeightsError(session: EditorSession, message: string, weights: WeightsResolver): Promise<void> {
  if (notifying) return;
  notifying = true;
  try {
    const choice = await session.showError(message, 'Open Settings', 'Retry');
    if (choice === 'Open Settings') await vscode.commands.executeCommand('workbench.action.openSettings', 'stylegraph.weights');
    if (choice === 'Retry') weights.retry();
  } finally {
    notifying = false;
  }
}
