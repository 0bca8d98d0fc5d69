/**
 * The host's side of the editor's view (issue 19): the canvas view each document was left at, kept
 * in the workspace's state so that reopening the file or reloading the window shows it as it was
 * (a document never seen opens framed), and the image file picker, which gives a path inside the
 * graph's folder (the path rule every graph path follows).
 */
import * as vscode from 'vscode';
import { dirname, relative, sep } from 'node:path';
import { isSavedView, type SavedView } from '../core/protocol/editor-view-messages';
import { isInside, realTarget } from '../node/confine';

const KEY = 'stylegraph.views';
/** Views kept, most recent last: older ones are forgotten. */
const MAX_VIEWS = 200;

let memory: vscode.Memento | undefined;

/** Where views are kept (the extension's workspaceState); set once on activation. */
export function useViewMemory(memento: vscode.Memento): void {
  memory = memento;
}

function views(): Record<string, unknown> {
  const stored = memory?.get<Record<string, unknown>>(KEY);
  return typeof stored === 'object' && stored !== null ? stored : {};
}

/** The view `uri` was left at, if any. */
export function recallView(uri: vscode.Uri): SavedView | undefined {
  const view = views()[uri.toString()];
  return isSavedView(view) ? view : undefined;
}

export async function rememberView(uri: vscode.Uri, view: SavedView): Promise<void> {
  if (!memory) return;
  const key = uri.toString();
  const entries = [...Object.entries(views()).filter(([k]) => k !== key), [key, view] as const];
  await memory.update(KEY, Object.fromEntries(entries.slice(-MAX_VIEWS)));
}

/** The open dialog: tests may put their own answer here. */
export const imageDialog = {
  open: (options: vscode.OpenDialogOptions): Thenable<vscode.Uri[] | undefined> => vscode.window.showOpenDialog(options),
};

/**
 * Asks for an image in the graph's folder: its path relative to the graph, with `/` (as graphs
 * write paths), or none when cancelled, or why the file cannot be used (outside the graph's
 * folder, symbolic links followed).
 */
export async function pickImagePath(document: vscode.TextDocument): Promise<{ path?: string; message?: string }> {
  if (document.uri.scheme !== 'file') return { message: 'save the graph as a file first: image paths are relative to its folder' };
  const folder = dirname(document.uri.fsPath);
  const picked = await imageDialog.open({
    defaultUri: vscode.Uri.file(folder),
    canSelectFiles: true,
    canSelectFolders: false,
    canSelectMany: false,
    filters: { Images: ['png', 'jpg', 'jpeg'] },
    openLabel: 'Use Image',
    title: 'An image in the graph\'s folder',
  });
  const uri = picked?.[0];
  if (!uri) return {};
  const [realFolder, realFile] = await Promise.all([realTarget(folder), realTarget(uri.fsPath)]);
  if (!isInside(realFile, realFolder)) return { message: `${uri.fsPath} is outside the graph's folder ${folder}: copy it there first (graph paths stay inside the graph's folder)` };
  return { path: relative(folder, uri.fsPath).split(sep).join('/') };
}
