import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StyleGraphApi } from '../../src/extension/extension';
import { loadGraph } from '../../src/core/graph/load';
import type { Host, HostTest } from './host-context';

/** The extension-host tests of src/extension/extension.ts: activation on the custom editor (CSP, resource roots) and the commands. */
export function extensionHostTests(host: Host) {
  const { vscode, folder, seedUri, until, lastSent } = host;
  return {
    opens: ['the seed opens in the graph editor (activation on the custom editor) with a strict CSP and confined resource roots', async () => {
      await vscode.commands.executeCommand('vscode.openWith', seedUri(), 'stylegraph.editor');
      const extension = vscode.extensions.getExtension<StyleGraphApi>('stylegraph.stylegraph');
      assert.ok(extension, 'the extension is installed');
      const api = await until(() => extension.isActive && extension.exports, 'activation');
      host.session = await until(() => api.sessions().find((s) => s.document.uri.fsPath === seedUri().fsPath), 'an editor session');
      const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(host.session.html)?.[1]?.replace(/&#39;|&apos;/g, "'");
      assert.ok(csp, 'a CSP meta tag');
      assert.match(csp, /default-src 'none'/);
      assert.match(csp, /script-src 'nonce-[A-Za-z0-9+/=]+' 'wasm-unsafe-eval'(;|$)/);
      assert.doesNotMatch(csp, /'unsafe-eval'/);
      // Sources: keywords, the nonce, blob:/data: images and VS Code's own resource origin (webview.cspSource), nothing remote.
      for (const token of csp.split(/[;\s]+/).filter((t) => /[:.]/.test(t) && !t.startsWith("'"))) {
        assert.ok(['blob:', 'data:', 'https://*.vscode-cdn.net'].includes(token) || token.includes('vscode-resource'), token);
      }
      const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
      assert.ok(host.session.html.includes(`<script nonce="${nonce}"`));
      const roots = host.session.localResourceRoots;
      const extensionPath = extension.extensionPath;
      assert.deepEqual(roots.slice(0, 3), [join(extensionPath, 'dist'), join(extensionPath, 'media'), folder()]);
      assert.ok(!roots.includes(extensionPath) && !roots.includes('/'), 'neither the extension folder nor / is readable');
    }],

    commands: ['the Run, Stop and Save Image commands reach the active editor', async () => {
      await vscode.commands.executeCommand('vscode.openWith', seedUri(), 'stylegraph.editor');
      for (const command of ['run', 'stop', 'saveImage'] as const) {
        const from = host.session.sent.length;
        await vscode.commands.executeCommand(`stylegraph.${command}`);
        assert.deepEqual(lastSent('command', from), { type: 'command', command });
      }
      await host.session.handleMessage({ type: 'runState', running: true, backend: 'webgpu' });
      assert.equal(host.session.running, true);
      assert.equal(host.session.backend, 'webgpu');
      await host.session.handleMessage({ type: 'runState', running: false });
    }],

    newGraph: ['New Graph writes the seed and its sample images into the workspace and opens it', async () => {
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
  } satisfies Record<string, HostTest>;
}
