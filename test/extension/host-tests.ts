import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type * as VSCode from 'vscode';
import { PNG } from 'pngjs';
import type { StyleGraphApi } from '../../src/extension/extension';
import type { EditorSessionApi } from '../../src/extension/editor';
import type { HostMessage } from '../../src/core/protocol/messages';
import { parseGraph } from '../../src/core/graph/parse';
import { writeCanonical } from '../../src/core/graph/canonical';
import { loadGraph } from '../../src/core/graph/load';
import { applyOverrides } from '../../src/core/graph/overrides';
import { notificationLinks } from '../helpers/notification-links';
import { pngBytes } from '../helpers/image-bytes';

/** A markdown command link, as a graph or a settings path could hold it. */
const HOSTILE_LINK = '[x](command:workbench.action.terminal.new)';

type Test = readonly [string, () => Promise<void>];

/**
 * The tests, given the `vscode` module (type-only import above: `node --test out/test/` loads
 * every file under out/test/, and this one must load harmlessly outside VS Code).
 */
export function hostTests(vscode: typeof VSCode): readonly Test[] {
  const folder = (): string => vscode.workspace.workspaceFolders![0]!.uri.fsPath;
  const seedUri = (): VSCode.Uri => vscode.Uri.file(join(folder(), 'seed.stylegraph.json'));
  let session: EditorSessionApi;

  async function until<T>(get: () => T | undefined | false, what: string, ms = 20_000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const value = get();
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  function lastSent<T extends HostMessage['type']>(type: T, after = 0): Extract<HostMessage, { type: T }> | undefined {
    return session.sent.slice(after).filter((m): m is Extract<HostMessage, { type: T }> => m.type === type).at(-1);
  }

  function png(width: number, height: number): Uint8Array {
    const image = new PNG({ width, height });
    image.data.fill(200);
    return new Uint8Array(PNG.sync.write(image));
  }

  async function revert(): Promise<void> {
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await until(() => !session.document.isDirty, 'the document to be reverted');
  }

  const tests: readonly Test[] = [
    ['the seed opens in the graph editor (activation on the custom editor) with a strict CSP and confined resource roots', async () => {
      await vscode.commands.executeCommand('vscode.openWith', seedUri(), 'stylegraph.editor');
      const extension = vscode.extensions.getExtension<StyleGraphApi>('stylegraph.stylegraph');
      assert.ok(extension, 'the extension is installed');
      const api = await until(() => extension.isActive && extension.exports, 'activation');
      session = await until(() => api.sessions().find((s) => s.document.uri.fsPath === seedUri().fsPath), 'an editor session');
      const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(session.html)?.[1]?.replace(/&#39;|&apos;/g, "'");
      assert.ok(csp, 'a CSP meta tag');
      assert.match(csp, /default-src 'none'/);
      assert.match(csp, /script-src 'nonce-[A-Za-z0-9+/=]+' 'wasm-unsafe-eval'(;|$)/);
      assert.doesNotMatch(csp, /'unsafe-eval'/);
      // Sources: keywords, the nonce, blob:/data: images and VS Code's own resource origin (webview.cspSource), nothing remote.
      for (const token of csp.split(/[;\s]+/).filter((t) => /[:.]/.test(t) && !t.startsWith("'"))) {
        assert.ok(['blob:', 'data:', 'https://*.vscode-cdn.net'].includes(token) || token.includes('vscode-resource'), token);
      }
      const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
      assert.ok(session.html.includes(`<script nonce="${nonce}"`));
      const roots = session.localResourceRoots;
      const extensionPath = extension.extensionPath;
      assert.deepEqual(roots.slice(0, 3), [join(extensionPath, 'dist'), join(extensionPath, 'media'), folder()]);
      assert.ok(!roots.includes(extensionPath) && !roots.includes('/'), 'neither the extension folder nor / is readable');
    }],

    ['ready: the webview gets init (with the backend setting), the document and trust, and no weights until it asks (on Run)', async () => {
      const from = session.sent.length;
      await session.handleMessage({ type: 'ready' });
      // (The webview itself may say ready meanwhile: the same three again.)
      const noWeights = () => session.sent.slice(from).every((m) => m.type !== 'weights' && m.type !== 'weightsError');
      assert.deepEqual(session.sent.slice(from, from + 3).map((m) => m.type), ['init', 'document', 'trust']);
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
      const notified = session.notifications.length;
      await config.update('weightsPath', join(folder(), 'not-there.h5'), vscode.ConfigurationTarget.Workspace);
      try {
        await new Promise((r) => setTimeout(r, 500));
        assert.ok(noWeights(), session.sent.slice(from).map((m) => m.type).join());
        assert.equal(session.notifications.length, notified);
      } finally {
        await config.update('weightsPath', before, vscode.ConfigurationTarget.Workspace);
      }
      const asked = session.sent.length;
      await session.handleMessage({ type: 'requestWeights' });
      const weights = await until(() => lastSent('weights', asked) ?? lastSent('weightsError', asked), 'weights');
      assert.equal(weights.type, 'weights', JSON.stringify(weights));
      if (weights.type === 'weights') assert.match(weights.modelJsonUri, /^https:\/\/.*model\.json$/);
    }],

    ['the backend setting reaches the webview when it changes', async () => {
      const config = vscode.workspace.getConfiguration('stylegraph');
      const from = session.sent.length;
      await config.update('backend', 'wasm', vscode.ConfigurationTarget.Workspace);
      try {
        assert.deepEqual(await until(() => lastSent('backendSetting', from), 'a backendSetting message'), { type: 'backendSetting', backend: 'wasm', engine: 'host' });
      } finally {
        await config.update('backend', undefined, vscode.ConfigurationTarget.Workspace);
      }
    }],

    ['the host engine: an engineRun from the webview runs in the engine process and its events come back to it; engineStop stops a run; malformed intents are refused', async () => {
      const graph = applyOverrides(parseGraph(readFileSync(seedUri().fsPath, 'utf8')).graph!, { size: [24, 32], iterations: 300 });
      const from = session.sent.length;
      const ended = (job: number) => () =>
        session.sent.slice(from).find((m): m is Extract<HostMessage, { type: 'engineEvent' }> => m.type === 'engineEvent' && m.job === job && ['done', 'error'].includes(m.event.kind));
      await session.handleMessage({ type: 'engineRun', job: 9001, graphText: writeCanonical(graph), backend: 'cpu', needsWeights: true });
      await until(() => session.sent.slice(from).some((m) => m.type === 'engineEvent' && m.job === 9001 && m.event.kind === 'progress' && m.event.events.some((p) => p.iteration >= 2)), 'two iterations', 120_000);
      await session.handleMessage({ type: 'engineStop', job: 9001 });
      const end = await until(ended(9001), 'the stopped run', 60_000);
      assert.equal(end.event.kind, 'done', JSON.stringify(end.event).slice(0, 300));
      if (end.event.kind === 'done') {
        assert.equal(end.event.result.status, 'cancelled');
        assert.deepEqual([end.event.result.image.height, end.event.result.image.width], [24, 32]);
      }
      const backend = session.sent.slice(from).find((m) => m.type === 'engineEvent' && m.job === 9001 && m.event.kind === 'backend');
      assert.deepEqual(backend && backend.type === 'engineEvent' && backend.event, { kind: 'backend', backend: 'cpu', threads: 1 });
      const refused = session.refused.length;
      await session.handleMessage({ type: 'engineRun', job: 9002, graphText: writeCanonical(graph), backend: 'webgl', needsWeights: true });
      await session.handleMessage({ type: 'engineInspect', job: 'x', nodeId: 'gram_style_conv1_1' });
      assert.equal(session.refused.length, refused + 2);
    }],

    ['a canvas edit becomes one minimal WorkspaceEdit; the document is dirty; undo restores it', async () => {
      const original = session.document.getText();
      const graph = parseGraph(original).graph!;
      const edited = writeCanonical({ ...graph, nodes: graph.nodes.map((n) => (n.id === 'adam' ? { ...n, params: { ...n.params, learningRate: 3 } } : n)) });
      const changes: VSCode.TextDocumentContentChangeEvent[] = [];
      const listener = vscode.workspace.onDidChangeTextDocument((e) => e.document === session.document && changes.push(...e.contentChanges));
      const from = session.sent.length;
      await session.handleMessage({ type: 'edit', text: edited });
      listener.dispose();
      assert.equal(session.document.getText(), edited);
      assert.ok(session.document.isDirty);
      assert.equal(changes.length, 1);
      assert.equal(changes[0]!.range.start.line, changes[0]!.range.end.line - 1, 'one line replaced');
      assert.equal(changes[0]!.text, '        "learningRate": 3,\n');
      assert.equal(lastSent('document', from), undefined, 'no echo of its own edit to the webview');
      await vscode.commands.executeCommand('undo');
      await until(() => session.document.getText() === original, 'undo');
      assert.equal(lastSent('document', from)?.text, original, 'the undo reaches the webview');
      await vscode.commands.executeCommand('redo');
      await until(() => session.document.getText() === edited, 'redo');
      await revert();
    }],

    ['the page\'s undo key (an undo message) waits for the edits posted before it: after two edits, one undo leaves the first', async () => {
      const original = session.document.getText();
      const graph = parseGraph(original).graph!;
      const withRate = (rate: number) => writeCanonical({ ...graph, nodes: graph.nodes.map((n) => (n.id === 'adam' ? { ...n, params: { ...n.params, learningRate: rate } } : n)) });
      const [first, second] = [withRate(3), withRate(4)];
      // As the page sends them: the second edit is still on its way when the undo comes.
      await Promise.all([session.handleMessage({ type: 'edit', text: first }), session.handleMessage({ type: 'edit', text: second }), session.handleMessage({ type: 'undo' })]);
      await until(() => session.document.getText() === first, 'one undo takes back the second edit only');
      await session.handleMessage({ type: 'redo' });
      await until(() => session.document.getText() === second, 'redo');
      await revert();
    }],

    ['two canvas edits in a row: the webview is never sent the first as a document (it shows the second already; a stale one would reload the canvas under the pointer)', async () => {
      const original = session.document.getText();
      const graph = parseGraph(original).graph!;
      const withRate = (rate: number) => writeCanonical({ ...graph, nodes: graph.nodes.map((n) => (n.id === 'adam' ? { ...n, params: { ...n.params, learningRate: rate } } : n)) });
      const [first, second] = [withRate(5), withRate(6)];
      const from = session.sent.length;
      await Promise.all([session.handleMessage({ type: 'edit', text: first }), session.handleMessage({ type: 'edit', text: second })]);
      assert.equal(session.document.getText(), second);
      assert.deepEqual(session.sent.slice(from).filter((m) => m.type === 'document'), [], 'no document messages: both texts came from the webview');
      await revert();
    }],

    ['edits made elsewhere reach the webview as document messages; an unparsable text is never rewritten', async () => {
      const from = session.sent.length;
      const edit = new vscode.WorkspaceEdit();
      edit.insert(session.document.uri, new vscode.Position(0, 0), 'not json ');
      assert.ok(await vscode.workspace.applyEdit(edit));
      const sent = await until(() => lastSent('document', from), 'a document message');
      assert.ok(sent.text.startsWith('not json {'));
      await new Promise((r) => setTimeout(r, 500));
      assert.ok(session.document.getText().startsWith('not json {'), 'the host did not touch it');
      await revert();
    }],

    ['malformed messages are refused and change nothing', async () => {
      const text = session.document.getText();
      const refused = session.refused.length;
      const sent = session.sent.length;
      const bad: unknown[] = [
        null, 42, 'edit', [], {}, { type: 'nope' }, { type: 'edit' }, { type: 'edit', text: 5 }, { type: 'edit', text: 'x'.repeat(10_000_001) },
        { type: 'resolveImage', requestId: 'a', path: 'x.png' }, { type: 'resolveImage', requestId: 1.5, path: 'x.png' }, { type: 'resolveImage', requestId: 1, path: '' },
        { type: 'saveImage', png: 'AAAA' }, { type: 'saveImage', png: [137, 80] }, { type: 'saveImage', png: new Uint8Array(4) },
        { type: 'runState', running: 'yes' }, { type: 'showError', message: 7 }, { type: '__proto__' },
      ];
      for (const message of bad) await session.handleMessage(message);
      assert.equal(session.refused.length - refused, bad.length);
      assert.equal(session.sent.length, sent, 'no answer to a malformed message');
      assert.equal(session.document.getText(), text);
      assert.ok(!existsSync(join(folder(), 'a.png')));
    }],

    ['saveImage: the dialog proposes <graph name>.png beside the graph; a cancelled dialog writes nothing; picks escaping the workspace are refused; a PNG inside is written', async () => {
      const pickSaveUri = session.pickSaveUri;
      const picks: string[] = [];
      const answer = (path: string | undefined) => {
        session.pickSaveUri = (proposed) => {
          picks.push(proposed.fsPath);
          return Promise.resolve(path === undefined ? undefined : vscode.Uri.file(path));
        };
      };
      try {
        answer(undefined);
        let from = session.sent.length;
        await session.handleMessage({ type: 'saveImage', png: png(4, 3) });
        assert.deepEqual(picks, [join(folder(), 'seed.png')]);
        assert.equal(session.sent.length, from, 'cancelled: no answer, no file');
        assert.ok(!existsSync(join(folder(), 'seed.png')));

        const outside = join(tmpdir(), `stylegraph-outside-${process.pid}`);
        mkdirSync(outside, { recursive: true });
        const link = join(folder(), 'link-out');
        if (!existsSync(link)) symlinkSync(outside, link);
        for (const path of [join(folder(), '..', 'escape.png'), join(outside, 'abs.png'), join(folder(), 'link-out', 'escape.png'), join(folder(), 'result.txt')]) {
          answer(path);
          from = session.sent.length;
          await session.handleMessage({ type: 'saveImage', png: png(4, 3) });
          const reply = session.sent.slice(from);
          assert.equal(reply.length, 1, path);
          assert.equal(reply[0]!.type, 'saveError', `${path}: ${JSON.stringify(reply[0])}`);
        }
        assert.ok(!existsSync(join(folder(), '..', 'escape.png')) && !existsSync(join(outside, 'escape.png')) && !existsSync(join(outside, 'abs.png')));
        const refused = session.refused.length;
        from = session.sent.length;
        answer(join(folder(), 'out', 'result.png'));
        await session.handleMessage({ type: 'saveImage', png: new Uint8Array(64).fill(7) });
        assert.equal(session.refused.length, refused + 1, 'not a PNG: refused as malformed');
        assert.equal(session.sent.length, from);
        assert.ok(!existsSync(join(folder(), 'out', 'result.png')));
        from = session.sent.length;
        const bytes = png(8, 6);
        await session.handleMessage({ type: 'saveImage', png: bytes });
        assert.deepEqual(session.sent[from], { type: 'saved', path: join('out', 'result.png') });
        assert.deepEqual(new Uint8Array(readFileSync(join(folder(), 'out', 'result.png'))), bytes);
      } finally {
        session.pickSaveUri = pickSaveUri;
      }
    }],

    ['resolveImage: a workspace image gets a webview URI; escapes, missing files and an image over the pixel limit get an error', async () => {
      let from = session.sent.length;
      await session.handleMessage({ type: 'resolveImage', requestId: 7, path: 'samples/chelsea.png' });
      const ok = session.sent[from]!;
      assert.equal(ok.type, 'imageResolved');
      if (ok.type === 'imageResolved') {
        assert.equal(ok.requestId, 7);
        assert.match(ok.uri, /^https:\/\/.*chelsea\.png$/);
      }
      for (const path of ['../../../etc/passwd', '/etc/passwd', 'samples/missing.png']) {
        from = session.sent.length;
        await session.handleMessage({ type: 'resolveImage', requestId: 8, path });
        assert.equal(session.sent[from]!.type, 'imageError', path);
      }
      // A small file declaring 900 MP never reaches the webview: its header is checked as the CLI checks it.
      writeFileSync(join(folder(), 'bomb.png'), pngBytes(30000, 30000));
      try {
        from = session.sent.length;
        await session.handleMessage({ type: 'resolveImage', requestId: 10, path: 'bomb.png' });
        assert.deepEqual(session.sent[from], { type: 'imageError', requestId: 10, message: 'bomb.png declares 30000x30000 pixels (900 MP), over the 64 MP limit (STYLEGRAPH_MAX_PIXELS)' });
      } finally {
        rmSync(join(folder(), 'bomb.png'));
      }
    }],

    ['notifications show graph paths and file paths as plain text: a command link in them is not a link', async () => {
      const hostile = `samples/${HOSTILE_LINK}.png`;
      const from = session.sent.length;
      await session.handleMessage({ type: 'resolveImage', requestId: 9, path: hostile });
      const answer = session.sent[from]!;
      assert.ok(answer.type === 'imageError' && answer.message.includes(hostile), JSON.stringify(answer));
      assert.deepEqual(notificationLinks(answer.message), ['command:workbench.action.terminal.new'], 'a live link before the host shows it');
      // The webview reports a failed run with the loader's message; the host shows it.
      await session.handleMessage({ type: 'showError', message: `node "style": ${answer.message}` });
      const shown = session.notifications.at(-1)!;
      assert.ok(shown.includes('workbench.action.terminal.new'), shown);
      assert.deepEqual(notificationLinks(shown), []);

      // A weights error names the configured file.
      const config = vscode.workspace.getConfiguration('stylegraph');
      const before = config.get<string>('weightsPath');
      const weightsFrom = session.sent.length;
      await config.update('weightsPath', join(folder(), `${HOSTILE_LINK}.h5`), vscode.ConfigurationTarget.Workspace);
      try {
        const notified = await until(() => session.notifications.find((n) => n.includes('.h5')), 'a weights notification');
        assert.deepEqual(notificationLinks(notified), [], notified);
      } finally {
        await config.update('weightsPath', before, vscode.ConfigurationTarget.Workspace);
      }
      await until(() => lastSent('weights', weightsFrom), 'the weights again after the setting was restored');
    }],

    ['a model.json outside the workspace: the webview may read it and its shards only, through links in the weights cache', async () => {
      const extensionPath = vscode.extensions.getExtension('stylegraph.stylegraph')!.extensionPath;
      const home = join(tmpdir(), `stylegraph-home-${process.pid}`);
      mkdirSync(home, { recursive: true });
      const workspaceWeights = join(folder(), '.weights');
      for (const name of readdirSync(workspaceWeights)) copyFileSync(join(workspaceWeights, name), join(home, name));
      writeFileSync(join(home, 'private.txt'), 'not for the webview');
      const config = vscode.workspace.getConfiguration('stylegraph');
      const before = config.get<string>('weightsPath');
      let from = session.sent.length;
      await config.update('weightsPath', join(home, 'model.json'), vscode.ConfigurationTarget.Workspace);
      try {
        const weights = await until(() => lastSent('weights', from) ?? lastSent('weightsError', from), 'weights');
        assert.equal(weights.type, 'weights', JSON.stringify(weights));
        const roots = session.localResourceRoots;
        assert.deepEqual(roots.slice(0, 3), [join(extensionPath, 'dist'), join(extensionPath, 'media'), folder()]);
        assert.equal(roots.length, 4, roots.join(', '));
        assert.ok(!roots.some((root) => home.startsWith(root)), `no root holds ${home}: ${roots.join(', ')}`);
        const served = decodeURIComponent(new URL(weights.type === 'weights' ? weights.modelJsonUri : '').pathname);
        assert.ok(served.startsWith(`${roots[3]}/`), `${served} is in the weights cache ${roots[3]}`);
        assert.deepEqual(readdirSync(dirname(served)).sort(), readdirSync(workspaceWeights).sort(), 'the model.json and its shards, nothing else');
        assert.equal(readFileSync(served, 'utf8'), readFileSync(join(home, 'model.json'), 'utf8'));

        // A shard path that leaves the folder is refused, naming it.
        const manifest = readFileSync(join(home, 'model.json'), 'utf8');
        writeFileSync(join(home, 'escape.json'), manifest.replace(/"paths":\s*\[\s*"[^"]+"/, '"paths": ["../private.bin"'));
        from = session.sent.length;
        await config.update('weightsPath', join(home, 'escape.json'), vscode.ConfigurationTarget.Workspace);
        const refused = await until(() => lastSent('weightsError', from), 'a weightsError');
        assert.match(refused.message, /"\.\.\/private\.bin" leads outside the model\.json's folder/);
      } finally {
        await config.update('weightsPath', before, vscode.ConfigurationTarget.Workspace);
        rmSync(home, { recursive: true, force: true });
      }
      from = session.sent.length;
      await until(() => lastSent('weights', from), 'the workspace weights again');
    }],

    ['the Run, Stop and Save Image commands reach the active editor', async () => {
      await vscode.commands.executeCommand('vscode.openWith', seedUri(), 'stylegraph.editor');
      for (const command of ['run', 'stop', 'saveImage'] as const) {
        const from = session.sent.length;
        await vscode.commands.executeCommand(`stylegraph.${command}`);
        assert.deepEqual(lastSent('command', from), { type: 'command', command });
      }
      await session.handleMessage({ type: 'runState', running: true, backend: 'webgpu' });
      assert.equal(session.running, true);
      assert.equal(session.backend, 'webgpu');
      await session.handleMessage({ type: 'runState', running: false });
    }],

    ['missing weights: a weightsError that says which setting to change', async () => {
      const config = vscode.workspace.getConfiguration('stylegraph');
      const before = config.get<string>('weightsPath');
      const from = session.sent.length;
      await config.update('weightsPath', join(folder(), 'no-such-weights.h5'), vscode.ConfigurationTarget.Workspace);
      try {
        const error = await until(() => lastSent('weightsError', from), 'a weightsError');
        assert.match(error.message, /stylegraph\.weightsPath/);
        assert.match(error.message, /no-such-weights\.h5/);
      } finally {
        await config.update('weightsPath', before, vscode.ConfigurationTarget.Workspace);
      }
      await until(() => lastSent('weights', from), 'the weights again after the setting was restored');
    }],

    ['run history: recordRun writes a record in the CLI layout, capped by stylegraph.historyLimit (0 records none); listRuns, compareRuns; restoreRun is one undoable edit', async () => {
      const config = vscode.workspace.getConfiguration('stylegraph');
      const runs = join(folder(), '.stylegraph', 'runs', 'seed');
      rmSync(runs, { recursive: true, force: true });
      const original = session.document.getText();
      const graph = parseGraph(original).graph!;
      const withBeta = (w: number) => writeCanonical({ ...graph, nodes: graph.nodes.map((n) => (n.id === 'beta' ? { ...n, params: { w } } : n)) });
      const record = (w: number, second: number) => session.handleMessage({
        type: 'recordRun',
        graphText: withBeta(w),
        info: { started: `2026-01-01T00:00:0${second}.000Z`, status: 'done', backend: 'cpu', size: [2, 2], seed: 0, iterations: 1, seconds: 0.1, loss: 5, losses: { j_total: 5 } },
        losses: { loss: 'j_total', nodes: ['j_total'], rows: [[1, 3, 5]] },
        image: { width: 2, height: 2, data: new Uint8Array(16).fill(9) },
      });
      const id = (second: number) => `2026-01-01T00-00-0${second}-000Z`;
      const from = session.sent.length;
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
        await session.handleMessage({ type: 'compareRuns', ids: [id(2), id(4)] });
        const compared = lastSent('comparison', from)!.runs;
        assert.deepEqual(compared.map((r) => r.id), [id(2), id(4)]);
        assert.deepEqual(compared.map((r) => parseGraph(r.graphText).graph!.nodes.find((n) => n.id === 'beta')!.params.w), [43, 45]);
        assert.deepEqual(compared[0]!.losses.rows, [[1, 3, 5]]);
        await session.handleMessage({ type: 'compareRuns', ids: [id(2), id(9)] });
        assert.match(lastSent('historyError', from)!.message, /run 2026-01-01T00-00-09-000Z: cannot read run\.json/);
        await session.handleMessage({ type: 'restoreRun', id: id(2) });
        assert.equal(session.document.getText(), withBeta(43));
        await vscode.commands.executeCommand('undo');
        await until(() => session.document.getText() === original, 'one undo to bring the graph back');
      } finally {
        await config.update('historyLimit', undefined, vscode.ConfigurationTarget.Workspace);
        rmSync(join(folder(), '.stylegraph'), { recursive: true, force: true });
        await revert();
      }
    }],

    ['Open as Text shows the file in a text editor with the stylegraph language and schema diagnostics', async () => {
      await session.handleMessage({ type: 'openAsText' });
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
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }],

    ['New Graph writes the seed and its sample images into the workspace and opens it', async () => {
      await vscode.commands.executeCommand('stylegraph.newGraph');
      const file = join(folder(), 'style.stylegraph.json');
      await until(() => existsSync(file), 'the new graph');
      const { graph, problems } = loadGraph(readFileSync(file, 'utf8'));
      assert.deepEqual(problems, []);
      for (const node of graph!.nodes.filter((n) => n.type === 'image.load')) {
        assert.ok(existsSync(join(folder(), String(node.params.path))), String(node.params.path));
      }
      const extension = vscode.extensions.getExtension<StyleGraphApi>('stylegraph.stylegraph')!;
      await until(() => extension.exports.sessions().some((s) => s.document.uri.fsPath === file), 'the new graph in the graph editor');
    }],
  ];
  return tests;
  }
