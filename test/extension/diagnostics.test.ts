import assert from 'node:assert/strict';
import type { Host, HostTest } from './host-context';

/** The extension-host tests of src/extension/diagnostics.ts: a graph file's problems as diagnostics in the text view. */
export function diagnosticsHostTests(host: Host) {
  const { vscode, seedUri, until } = host;
  return {
    openAsText: ['Open as Text shows the file in a text editor with the stylegraph language and schema diagnostics', async () => {
      await host.session.handleMessage({ type: 'openAsText' });
      const editor = await until(() => vscode.window.activeTextEditor?.document.uri.fsPath === seedUri().fsPath && vscode.window.activeTextEditor, 'a text editor');
      assert.equal(editor.document.languageId, 'stylegraph');
      const edit = new vscode.WorkspaceEdit();
      const text = editor.document.getText();
      const at = text.indexOf('"learningRate": 2');
      edit.replace(editor.document.uri, new vscode.Range(editor.document.positionAt(at), editor.document.positionAt(at + '"learningRate": 2'.length)), '"learningRate": "fast"');
      assert.ok(await vscode.workspace.applyEdit(edit));
      const problems = await until(() => {
        const d = vscode.languages.getDiagnostics(editor.document.uri);
        return d.length > 0 && d;
      }, 'JSON schema diagnostics', 30_000);
      assert.ok(problems.some((p) => p.range.start.line === editor.document.positionAt(at).line), JSON.stringify(problems.map((p) => p.message)));
      // The graph's own check (src/extension/diagnostics.ts), beside the JSON schema's: on the value, with its code.
      const ours = await until(() => {
        const d = vscode.languages.getDiagnostics(editor.document.uri).filter((p) => p.source === 'stylegraph');
        return d.length > 0 && d;
      }, 'the graph\'s diagnostics', 30_000);
      assert.deepEqual(ours.map((p) => [p.code, p.message, editor.document.getText(p.range)]), [['param-type', 'node "adam" (optimizer): param learningRate: expected a number, found "fast"', '"fast"']]);
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }],
  } satisfies Record<string, HostTest>;
}
