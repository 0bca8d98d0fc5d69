import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Host, HostTest } from './host-context';

/** The extension-host tests of src/extension/weights.ts: the VGG-19 weights the editors get, and their errors. */
export function weightsHostTests(host: Host) {
  const { vscode, folder, until, lastSent } = host;
  return {
    modelJsonOutside: ['a model.json outside the workspace: the webview may read it and its shards only, through links in the weights cache', async () => {
      const extensionPath = vscode.extensions.getExtension('stylegraph.stylegraph')!.extensionPath;
      const home = join(tmpdir(), `stylegraph-home-${process.pid}`);
      mkdirSync(home, { recursive: true });
      const workspaceWeights = join(folder(), '.weights');
      for (const name of readdirSync(workspaceWeights)) copyFileSync(join(workspaceWeights, name), join(home, name));
      writeFileSync(join(home, 'private.txt'), 'not for the webview');
      const config = vscode.workspace.getConfiguration('stylegraph');
      const before = config.get<string>('weightsPath');
      let from = host.session.sent.length;
      await config.update('weightsPath', join(home, 'model.json'), vscode.ConfigurationTarget.Workspace);
      try {
        const weights = await until(() => lastSent('weights', from) ?? lastSent('weightsError', from), 'weights');
        assert.equal(weights.type, 'weights', JSON.stringify(weights));
        const roots = host.session.localResourceRoots;
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
        from = host.session.sent.length;
        await config.update('weightsPath', join(home, 'escape.json'), vscode.ConfigurationTarget.Workspace);
        const refused = await until(() => lastSent('weightsError', from), 'a weightsError');
        assert.match(refused.message, /"\.\.\/private\.bin" leads outside the model\.json's folder/);
      } finally {
        // Counted before the setting changes back: the host may send the weights before update() resolves.
        from = host.session.sent.length;
        await config.update('weightsPath', before, vscode.ConfigurationTarget.Workspace);
        rmSync(home, { recursive: true, force: true });
      }
      await until(() => lastSent('weights', from), 'the workspace weights again');
    }],

    missingWeights: ['missing weights: a weightsError that says which setting to change', async () => {
      const config = vscode.workspace.getConfiguration('stylegraph');
      const before = config.get<string>('weightsPath');
      const from = host.session.sent.length;
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
  } satisfies Record<string, HostTest>;
}
