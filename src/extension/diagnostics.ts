/**
 * Every problem of a graph file as a VS Code diagnostic on its JSON range, for any open
 * `*.stylegraph.json` document (the text view and the Problems panel; the graph editor shows the
 * same problems on its canvas).
 */
import * as vscode from 'vscode';
import { basename } from 'node:path';
import { loadGraph } from '../core/graph/load';
import { problemLocator } from '../core/graph/problem-range';

const GRAPH_FILE = /\.stylegraph\.json$/i;
/** Re-checks wait this long after the last keystroke. */
const DEBOUNCE_MS = 250;

export function registerGraphDiagnostics(): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection('stylegraph');
  const timers = new Map<string, ReturnType<typeof setTimeout>>();

  const check = (document: vscode.TextDocument): void => {
    const text = document.getText();
    const { graph, problems } = loadGraph(text, { fileName: basename(document.uri.fsPath) });
    const locator = problemLocator(text, graph);
    collection.set(document.uri, problems.map((p) => {
      const { start, end } = locator.rangeOf(p);
      const diagnostic = new vscode.Diagnostic(new vscode.Range(document.positionAt(start), document.positionAt(end)), p.message, vscode.DiagnosticSeverity.Error);
      diagnostic.source = 'stylegraph';
      diagnostic.code = p.code;
      return diagnostic;
    }));
  };
  const schedule = (document: vscode.TextDocument): void => {
    if (!GRAPH_FILE.test(document.uri.path)) return;
    const key = document.uri.toString();
    clearTimeout(timers.get(key));
    timers.set(key, setTimeout(() => {
      timers.delete(key);
      if (!document.isClosed) check(document);
    }, DEBOUNCE_MS));
  };

  for (const document of vscode.workspace.textDocuments) schedule(document);
  return vscode.Disposable.from(
    collection,
    vscode.workspace.onDidOpenTextDocument(schedule),
    vscode.workspace.onDidChangeTextDocument((e) => schedule(e.document)),
    vscode.workspace.onDidCloseTextDocument((document) => {
      clearTimeout(timers.get(document.uri.toString()));
      collection.delete(document.uri);
    }),
    { dispose: () => timers.forEach((t) => clearTimeout(t)) },
  );
}
