import * as vscode from 'vscode';
import { registerGraphDiagnostics } from './diagnostics';
import { EditorSession, VIEW_TYPE, type EditorSessionApi } from './editor';
import { WeightsResolver } from './weights';
import { EngineClient } from '../node/engine/engine-client';
import { useViewMemory } from './editor-view';
import { SAMPLE_IMAGES, freeGraphName } from './new-graph';
import { FEATURE_LAYERS, LAYER_KINDS, type LayerKind } from '../core/graph/layer-edits';

/** What activate returns: used by the extension-host tests only. */
export interface StyleGraphApi {
  sessions(): readonly EditorSessionApi[];
  activeSession(): EditorSessionApi | undefined;
}

export function activate(context: vscode.ExtensionContext): StyleGraphApi {
  const log = vscode.window.createOutputChannel('Style Graph');
  useViewMemory(context.workspaceState);
  const weights = new WeightsResolver(context.globalStorageUri, log);
  const sessions = new Set<EditorSession>();
  let active: EditorSession | undefined;
  /** The engine process's client: one for every editor; its process starts on the first job and ends when the last editor closes. */
  let engine: EngineClient | undefined;
  const engineClient = (): EngineClient =>
    (engine ??= new EngineClient({ script: vscode.Uri.joinPath(context.extensionUri, 'dist', 'engine.js').fsPath, log: (line) => log.appendLine(line) }));

  const setActive = (session: EditorSession | undefined) => {
    active = session;
    void vscode.commands.executeCommand('setContext', 'stylegraph.editorActive', session !== undefined);
    void vscode.commands.executeCommand('setContext', 'stylegraph.running', session?.running ?? false);
  };

  const provider: vscode.CustomTextEditorProvider = {
    resolveCustomTextEditor(document, panel) {
      const session = new EditorSession(context.extensionUri, document, panel, weights, log, engineClient);
      sessions.add(session);
      if (panel.active) setActive(session);
      panel.onDidChangeViewState((e) => {
        if (e.webviewPanel.active) setActive(session);
        else if (active === session) setActive(undefined);
      });
      session.onDidDispose(() => {
        sessions.delete(session);
        if (active === session) setActive(undefined);
        if (sessions.size === 0) engine?.dispose();
      });
    },
  };

  /**
   * The editor a command is for: the active graph editor, else the only one open, brought to the
   * front (a Get Started button runs the command from the Welcome page).
   */
  const target = (): EditorSession | undefined => {
    const session = active ?? (sessions.size === 1 ? [...sessions][0] : undefined);
    if (!session) void vscode.window.showInformationMessage('Style Graph: open a .stylegraph.json file in the graph editor first.');
    else if (session !== active) session.panel.reveal(undefined, false);
    return session;
  };

  context.subscriptions.push(
    log,
    weights,
    registerGraphDiagnostics(),
    { dispose: () => engine?.dispose() },
    vscode.window.registerCustomEditorProvider(VIEW_TYPE, provider, {
      webviewOptions: { retainContextWhenHidden: true },
      supportsMultipleEditorsPerDocument: false,
    }),
    vscode.commands.registerCommand('stylegraph.newGraph', () => newGraph(context.extensionUri)),
    vscode.commands.registerCommand('stylegraph.run', () => {
      if (!vscode.workspace.isTrusted) {
        void vscode.window.showWarningMessage('Style Graph: running is disabled in an untrusted workspace. Trust the workspace to run graphs.', 'Manage Workspace Trust')
          .then((c) => c && vscode.commands.executeCommand('workbench.trust.manage'));
        return;
      }
      target()?.post({ type: 'command', command: 'run' });
    }),
    vscode.commands.registerCommand('stylegraph.stop', () => target()?.post({ type: 'command', command: 'stop' })),
    vscode.commands.registerCommand('stylegraph.saveImage', () => target()?.post({ type: 'command', command: 'saveImage' })),
    vscode.commands.registerCommand('stylegraph.addLayer', async () => {
      const session = target();
      if (!session) return;
      const picked = await vscode.window.showQuickPick(layerPicks(), { title: 'Style Graph: Add a Layer', placeHolder: 'The kind of term and its VGG-19 layer (a copy of the lowest term of that kind)' });
      if (picked?.term) session.post({ type: 'addLayer', ...picked.term });
    }),
    vscode.commands.registerCommand('stylegraph.sweepWeight', () => target()?.post({ type: 'command', command: 'sweepWeight' })),
    vscode.commands.registerCommand('stylegraph.compareRuns', () => target()?.post({ type: 'command', command: 'compareLatest' })),
    vscode.commands.registerCommand('stylegraph.openAsText', async (uri?: vscode.Uri) => {
      const resource = uri instanceof vscode.Uri ? uri : active?.document.uri ?? vscode.window.activeTextEditor?.document.uri;
      if (resource) await vscode.commands.executeCommand('vscode.openWith', resource, 'default');
    }),
    vscode.commands.registerCommand('stylegraph.openGraphEditor', async (uri?: vscode.Uri) => {
      const resource = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
      if (resource) await vscode.commands.executeCommand('vscode.openWith', resource, VIEW_TYPE);
    }),
  );

  return {
    sessions: () => [...sessions],
    activeSession: () => active,
  };
}

export function deactivate(): void {
  // Everything is in context.subscriptions.
}

/** A choice of Add Layer: a separator, or a kind of term at a VGG-19 layer. */
interface LayerPick extends vscode.QuickPickItem {
  readonly term?: { readonly kind: LayerKind; readonly layer: string };
}

/** Add Layer's choices: every kind (style first) at every VGG-19 layer. */
function layerPicks(): LayerPick[] {
  return LAYER_KINDS.flatMap((kind) => {
    const name = kind === 'style' ? 'Style' : 'Content';
    return [
      { label: `${name} layers`, kind: vscode.QuickPickItemKind.Separator },
      ...FEATURE_LAYERS.map((layer) => ({ label: `${name} layer at ${layer}`, term: { kind, layer } })),
    ];
  });
}

/** Writes the seed example into the workspace (with copies of its two sample images) and opens it. */
async function newGraph(extensionUri: vscode.Uri): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    void vscode.window.showErrorMessage('Style Graph: open a folder first; the new graph and its sample images are created in it.');
    return undefined;
  }
  const fs = vscode.workspace.fs;
  const exists = async (uri: vscode.Uri) => fs.stat(uri).then(() => true, () => false);
  const samples = vscode.Uri.joinPath(folder.uri, 'samples');
  for (const name of SAMPLE_IMAGES) {
    const dest = vscode.Uri.joinPath(samples, name);
    if (!(await exists(dest))) await fs.copy(vscode.Uri.joinPath(extensionUri, 'examples', 'samples', name), dest);
  }
  const taken = new Set<string>();
  for (const [name] of await fs.readDirectory(folder.uri)) taken.add(name);
  const file = vscode.Uri.joinPath(folder.uri, freeGraphName('style', (n) => taken.has(n)));
  await fs.copy(vscode.Uri.joinPath(extensionUri, 'examples', 'seed.stylegraph.json'), file);
  await vscode.commands.executeCommand('vscode.openWith', file, VIEW_TYPE);
  return file;
}
