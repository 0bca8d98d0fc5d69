import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as VSCode from 'vscode';
import { parseGraph } from '../../src/core/graph/parse';
import { writeCanonical } from '../../src/core/graph/canonical';
import { notificationLinks } from '../helpers/notification-links';
import { pngBytes } from '../helpers/image-bytes';
import type { Host, HostTest } from './host-context';

/** A markdown command link, as a graph or a settings path could hold it. */
const HOSTILE_LINK = '[x](command:workbench.action.terminal.new)';

/** The extension-host tests of src/extension/editor.ts: the webview messages: init, settings, edits and undo, document sync, validation, images, notifications. */
export function editorHostTests(host: Host) {
  const { vscode, folder, seedUri, until, lastSent, png, revert } = host;
  return {
    ready: ['ready: the webview gets init (with the backend setting), the document and trust, and no weights until it asks (on Run)', async () => {
      const from = host.session.sent.length;
      await host.session.handleMessage({ type: 'ready' });
      // (The webview itself may say ready meanwhile: the same three again.)
      const noWeights = () => host.session.sent.slice(from).every((m) => m.type !== 'weights' && m.type !== 'weightsError');
      assert.deepEqual(host.session.sent.slice(from, from + 3).map((m) => m.type), ['init', 'document', 'trust']);
      assert.ok(noWeights());
      assert.equal(lastSent('document', from)!.text, readFileSync(seedUri().fsPath, 'utf8'));
      assert.match(lastSent('init', from)!.wasmBaseUri, /\/dist\/$/);
      // face-api's weights from the extension's own dist/face-models/ (staged by the bundle, shipped in the .vsix).
      assert.match(lastSent('init', from)!.faceModels.uri, /\/dist\/face-models\/$/);
      assert.match(lastSent('init', from)!.faceModels.path, /dist[\\/]face-models$/);
      assert.equal(lastSent('init', from)!.backend, 'auto');
      // The harness runs with STYLEGRAPH_TEST_SUPPORT=1: the page is told to install window.stylegraphTest.
      assert.equal(lastSent('init', from)!.testHooks, true);
      assert.equal(lastSent('trust', from)!.trusted, true);
      // A weights setting that names nothing: still nothing sent, nothing shown, until asked.
      const config = vscode.workspace.getConfiguration('stylegraph');
      const before = config.get<string>('weightsPath');
      const notified = host.session.notifications.length;
      await config.update('weightsPath', join(folder(), 'not-there.h5'), vscode.ConfigurationTarget.Workspace);
      try {
        await new Promise((r) => setTimeout(r, 500));
        assert.ok(noWeights(), host.session.sent.slice(from).map((m) => m.type).join());
        assert.equal(host.session.notifications.length, notified);
      } finally {
        await config.update('weightsPath', before, vscode.ConfigurationTarget.Workspace);
      }
      const asked = host.session.sent.length;
      await host.session.handleMessage({ type: 'requestWeights' });
      const weights = await until(() => lastSent('weights', asked) ?? lastSent('weightsError', asked), 'weights');
      assert.equal(weights.type, 'weights', JSON.stringify(weights));
      if (weights.type === 'weights') assert.match(weights.modelJsonUri, /^https:\/\/.*model\.json$/);
    }],

    backendSetting: ['the backend setting reaches the webview when it changes', async () => {
      const config = vscode.workspace.getConfiguration('stylegraph');
      const from = host.session.sent.length;
      await config.update('backend', 'wasm', vscode.ConfigurationTarget.Workspace);
      try {
        assert.deepEqual(await until(() => lastSent('backendSetting', from), 'a backendSetting message'), { type: 'backendSetting', backend: 'wasm', engine: 'host' });
      } finally {
        await config.update('backend', undefined, vscode.ConfigurationTarget.Workspace);
      }
    }],

    canvasEdit: ['a canvas edit becomes one minimal WorkspaceEdit; the document is dirty; undo restores it', async () => {
      const original = host.session.document.getText();
      const graph = parseGraph(original).graph!;
      const edited = writeCanonical({ ...graph, nodes: graph.nodes.map((n) => (n.id === 'adam' ? { ...n, params: { ...n.params, learningRate: 3 } } : n)) });
      const changes: VSCode.TextDocumentContentChangeEvent[] = [];
      const listener = vscode.workspace.onDidChangeTextDocument((e) => e.document === host.session.document && changes.push(...e.contentChanges));
      const from = host.session.sent.length;
      await host.session.handleMessage({ type: 'edit', text: edited });
      listener.dispose();
      assert.equal(host.session.document.getText(), edited);
      assert.ok(host.session.document.isDirty);
      assert.equal(changes.length, 1);
      assert.equal(changes[0]!.range.start.line, changes[0]!.range.end.line - 1, 'one line replaced');
      assert.equal(changes[0]!.text, '        "learningRate": 3,\n');
      assert.equal(lastSent('document', from), undefined, 'no echo of its own edit to the webview');
      await vscode.commands.executeCommand('undo');
      await until(() => host.session.document.getText() === original, 'undo');
      assert.equal(lastSent('document', from)?.text, original, 'the undo reaches the webview');
      await vscode.commands.executeCommand('redo');
      await until(() => host.session.document.getText() === edited, 'redo');
      await revert();
    }],

    undoKey: ['the page\'s undo key (an undo message) waits for the edits posted before it: after two edits, one undo leaves the first', async () => {
      const original = host.session.document.getText();
      const graph = parseGraph(original).graph!;
      const withRate = (rate: number) => writeCanonical({ ...graph, nodes: graph.nodes.map((n) => (n.id === 'adam' ? { ...n, params: { ...n.params, learningRate: rate } } : n)) });
      const [first, second] = [withRate(3), withRate(4)];
      // As the page sends them: the second edit is still on its way when the undo comes.
      await Promise.all([host.session.handleMessage({ type: 'edit', text: first }), host.session.handleMessage({ type: 'edit', text: second }), host.session.handleMessage({ type: 'undo' })]);
      await until(() => host.session.document.getText() === first, 'one undo takes back the second edit only');
      await host.session.handleMessage({ type: 'redo' });
      await until(() => host.session.document.getText() === second, 'redo');
      await revert();
    }],

    twoEdits: ['two canvas edits in a row: the webview is never sent the first as a document (it shows the second already; a stale one would reload the canvas under the pointer)', async () => {
      const original = host.session.document.getText();
      const graph = parseGraph(original).graph!;
      const withRate = (rate: number) => writeCanonical({ ...graph, nodes: graph.nodes.map((n) => (n.id === 'adam' ? { ...n, params: { ...n.params, learningRate: rate } } : n)) });
      const [first, second] = [withRate(5), withRate(6)];
      const from = host.session.sent.length;
      await Promise.all([host.session.handleMessage({ type: 'edit', text: first }), host.session.handleMessage({ type: 'edit', text: second })]);
      assert.equal(host.session.document.getText(), second);
      assert.deepEqual(host.session.sent.slice(from).filter((m) => m.type === 'document'), [], 'no document messages: both texts came from the webview');
      await revert();
    }],

    editsElsewhere: ['edits made elsewhere reach the webview as document messages; an unparsable text is never rewritten', async () => {
      const from = host.session.sent.length;
      const edit = new vscode.WorkspaceEdit();
      edit.insert(host.session.document.uri, new vscode.Position(0, 0), 'not json ');
      assert.ok(await vscode.workspace.applyEdit(edit));
      const sent = await until(() => lastSent('document', from), 'a document message');
      assert.ok(sent.text.startsWith('not json {'));
      await new Promise((r) => setTimeout(r, 500));
      assert.ok(host.session.document.getText().startsWith('not json {'), 'the host did not touch it');
      await revert();
    }],

    malformed: ['malformed messages are refused and change nothing', async () => {
      const text = host.session.document.getText();
      const refused = host.session.refused.length;
      const sent = host.session.sent.length;
      const bad: unknown[] = [
        null, 42, 'edit', [], {}, { type: 'nope' }, { type: 'edit' }, { type: 'edit', text: 5 }, { type: 'edit', text: 'x'.repeat(10_000_001) },
        { type: 'resolveImage', requestId: 'a', path: 'x.png' }, { type: 'resolveImage', requestId: 1.5, path: 'x.png' }, { type: 'resolveImage', requestId: 1, path: '' },
        { type: 'saveImage', png: 'AAAA' }, { type: 'saveImage', png: [137, 80] }, { type: 'saveImage', png: new Uint8Array(4) },
        { type: 'runState', running: 'yes' }, { type: 'showError', message: 7 }, { type: '__proto__' },
      ];
      for (const message of bad) await host.session.handleMessage(message);
      assert.equal(host.session.refused.length - refused, bad.length);
      assert.equal(host.session.sent.length, sent, 'no answer to a malformed message');
      assert.equal(host.session.document.getText(), text);
      assert.ok(!existsSync(join(folder(), 'a.png')));
    }],

    saveImage: ['saveImage: the dialog proposes <graph name>.png beside the graph; a cancelled dialog writes nothing; picks escaping the workspace are refused; a PNG inside is written', async () => {
      const pickSaveUri = host.session.pickSaveUri;
      const picks: string[] = [];
      const answer = (path: string | undefined) => {
        host.session.pickSaveUri = (proposed) => {
          picks.push(proposed.fsPath);
          return Promise.resolve(path === undefined ? undefined : vscode.Uri.file(path));
        };
      };
      try {
        answer(undefined);
        let from = host.session.sent.length;
        await host.session.handleMessage({ type: 'saveImage', png: png(4, 3) });
        assert.deepEqual(picks, [join(folder(), 'seed.png')]);
        assert.equal(host.session.sent.length, from, 'cancelled: no answer, no file');
        assert.ok(!existsSync(join(folder(), 'seed.png')));

        const outside = join(tmpdir(), `stylegraph-outside-${process.pid}`);
        mkdirSync(outside, { recursive: true });
        const link = join(folder(), 'link-out');
        if (!existsSync(link)) symlinkSync(outside, link);
        for (const path of [join(folder(), '..', 'escape.png'), join(outside, 'abs.png'), join(folder(), 'link-out', 'escape.png'), join(folder(), 'result.txt')]) {
          answer(path);
          from = host.session.sent.length;
          await host.session.handleMessage({ type: 'saveImage', png: png(4, 3) });
          const reply = host.session.sent.slice(from);
          assert.equal(reply.length, 1, path);
          assert.equal(reply[0]!.type, 'saveError', `${path}: ${JSON.stringify(reply[0])}`);
        }
        assert.ok(!existsSync(join(folder(), '..', 'escape.png')) && !existsSync(join(outside, 'escape.png')) && !existsSync(join(outside, 'abs.png')));
        const refused = host.session.refused.length;
        from = host.session.sent.length;
        answer(join(folder(), 'out', 'result.png'));
        await host.session.handleMessage({ type: 'saveImage', png: new Uint8Array(64).fill(7) });
        assert.equal(host.session.refused.length, refused + 1, 'not a PNG: refused as malformed');
        assert.equal(host.session.sent.length, from);
        assert.ok(!existsSync(join(folder(), 'out', 'result.png')));
        from = host.session.sent.length;
        const bytes = png(8, 6);
        await host.session.handleMessage({ type: 'saveImage', png: bytes });
        assert.deepEqual(host.session.sent[from], { type: 'saved', path: join('out', 'result.png') });
        assert.deepEqual(new Uint8Array(readFileSync(join(folder(), 'out', 'result.png'))), bytes);
      } finally {
        host.session.pickSaveUri = pickSaveUri;
      }
    }],

    resolveImage: ['resolveImage: a workspace image gets a webview URI; escapes, missing files and an image over the pixel limit get an error', async () => {
      let from = host.session.sent.length;
      await host.session.handleMessage({ type: 'resolveImage', requestId: 7, path: 'samples/chelsea.png' });
      const ok = host.session.sent[from]!;
      assert.equal(ok.type, 'imageResolved');
      if (ok.type === 'imageResolved') {
        assert.equal(ok.requestId, 7);
        assert.match(ok.uri, /^https:\/\/.*chelsea\.png$/);
      }
      for (const path of ['../../../etc/passwd', '/etc/passwd', 'samples/missing.png']) {
        from = host.session.sent.length;
        await host.session.handleMessage({ type: 'resolveImage', requestId: 8, path });
        assert.equal(host.session.sent[from]!.type, 'imageError', path);
      }
      // A small file declaring 900 MP never reaches the webview: its header is checked as the CLI checks it.
      writeFileSync(join(folder(), 'bomb.png'), pngBytes(30000, 30000));
      try {
        from = host.session.sent.length;
        await host.session.handleMessage({ type: 'resolveImage', requestId: 10, path: 'bomb.png' });
        assert.deepEqual(host.session.sent[from], { type: 'imageError', requestId: 10, message: 'bomb.png declares 30000x30000 pixels (900 MP), over the 64 MP limit (STYLEGRAPH_MAX_PIXELS)' });
      } finally {
        rmSync(join(folder(), 'bomb.png'));
      }
    }],

    plainNotifications: ['notifications show graph paths and file paths as plain text: a command link in them is not a link', async () => {
      const hostile = `samples/${HOSTILE_LINK}.png`;
      const from = host.session.sent.length;
      await host.session.handleMessage({ type: 'resolveImage', requestId: 9, path: hostile });
      const answer = host.session.sent[from]!;
      assert.ok(answer.type === 'imageError' && answer.message.includes(hostile), JSON.stringify(answer));
      assert.deepEqual(notificationLinks(answer.message), ['command:workbench.action.terminal.new'], 'a live link before the host shows it');
      // The webview reports a failed run with the loader's message; the host shows it.
      await host.session.handleMessage({ type: 'showError', message: `node "style": ${answer.message}` });
      const shown = host.session.notifications.at(-1)!;
      assert.ok(shown.includes('workbench.action.terminal.new'), shown);
      assert.deepEqual(notificationLinks(shown), []);

      // A weights error names the configured file.
      const config = vscode.workspace.getConfiguration('stylegraph');
      const before = config.get<string>('weightsPath');
      const weightsFrom = host.session.sent.length;
      await config.update('weightsPath', join(folder(), `${HOSTILE_LINK}.h5`), vscode.ConfigurationTarget.Workspace);
      try {
        const notified = await until(() => host.session.notifications.find((n) => n.includes('.h5')), 'a weights notification');
        assert.deepEqual(notificationLinks(notified), [], notified);
      } finally {
        await config.update('weightsPath', before, vscode.ConfigurationTarget.Workspace);
      }
      await until(() => lastSent('weights', weightsFrom), 'the weights again after the setting was restored');
    }],
  } satisfies Record<string, HostTest>;
}
