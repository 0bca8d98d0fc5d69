import assert from 'node:assert/strict';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseGraph } from '../../src/core/graph/parse';
import { writeCanonical } from '../../src/core/graph/canonical';
import type { Host, HostTest } from './host-context';

/** The extension-host tests of src/extension/editor-history.ts: run history from the editor. */
export function editorHistoryHostTests(host: Host) {
  const { vscode, folder, until, lastSent, revert } = host;
  return {
    runHistory: ['run history: recordRun writes a record in the CLI layout, capped by stylegraph.historyLimit (0 records none); listRuns, compareRuns; restoreRun is one undoable edit', async () => {
      const config = vscode.workspace.getConfiguration('stylegraph');
      const runs = join(folder(), '.stylegraph', 'runs', 'seed');
      rmSync(runs, { recursive: true, force: true });
      const original = host.session.document.getText();
      const graph = parseGraph(original).graph!;
      const withBeta = (w: number) => writeCanonical({ ...graph, nodes: graph.nodes.map((n) => (n.id === 'beta' ? { ...n, params: { w } } : n)) });
      const record = (w: number, second: number) => host.session.handleMessage({
        type: 'recordRun',
        graphText: withBeta(w),
        info: { started: `2026-01-01T00:00:0${second}.000Z`, status: 'done', backend: 'cpu', size: [2, 2], seed: 0, iterations: 1, seconds: 0.1, loss: 5, losses: { j_total: 5 } },
        losses: { loss: 'j_total', nodes: ['j_total'], rows: [[1, 3, 5]] },
        image: { width: 2, height: 2, data: new Uint8Array(16).fill(9) },
      });
      const id = (second: number) => `2026-01-01T00-00-0${second}-000Z`;
      const from = host.session.sent.length;
      try {
        await record(41, 0);
        await record(42, 1);
        assert.deepEqual(readdirSync(runs).sort(), [id(0), id(1)]);
        assert.deepEqual(readdirSync(join(runs, id(1))).sort(), ['graph.json', 'image.png', 'losses.json', 'run.json']);
        const listed = lastSent('runs', from)!.runs;
        assert.deepEqual(listed.map((r) => r.id), [id(1), id(0)], 'newest first');
        assert.match(listed[0]!.imageUri, /image\.png$/);
        assert.equal(listed[0]!.info.graph, 'seed.stylegraph.json');
        await config.update('historyLimit', 1, vscode.ConfigurationTarget.Workspace);
        await record(43, 2);
        assert.deepEqual(readdirSync(runs), [id(2)]);
        await config.update('historyLimit', 0, vscode.ConfigurationTarget.Workspace);
        await record(44, 3);
        assert.deepEqual(readdirSync(runs), [id(2)], 'historyLimit 0 records nothing');
        await config.update('historyLimit', undefined, vscode.ConfigurationTarget.Workspace);
        await record(45, 4);
        await host.session.handleMessage({ type: 'compareRuns', ids: [id(2), id(4)] });
        const compared = lastSent('comparison', from)!.runs;
        assert.deepEqual(compared.map((r) => r.id), [id(2), id(4)]);
        assert.deepEqual(compared.map((r) => parseGraph(r.graphText).graph!.nodes.find((n) => n.id === 'beta')!.params.w), [43, 45]);
        assert.deepEqual(compared[0]!.losses.rows, [[1, 3, 5]]);
        await host.session.handleMessage({ type: 'compareRuns', ids: [id(2), id(9)] });
        assert.match(lastSent('historyError', from)!.message, /run 2026-01-01T00-00-09-000Z: cannot read run\.json/);
        await host.session.handleMessage({ type: 'restoreRun', id: id(2) });
        assert.equal(host.session.document.getText(), withBeta(43));
        await vscode.commands.executeCommand('undo');
        await until(() => host.session.document.getText() === original, 'one undo to bring the graph back');
      } finally {
        await config.update('historyLimit', undefined, vscode.ConfigurationTarget.Workspace);
        rmSync(join(folder(), '.stylegraph'), { recursive: true, force: true });
        await revert();
      }
    }],
  } satisfies Record<string, HostTest>;
}
