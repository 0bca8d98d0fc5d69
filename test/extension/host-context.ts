import { PNG } from 'pngjs';
import { join } from 'node:path';
import type * as VSCode from 'vscode';
import type { EditorSessionApi } from '../../src/extension/editor';
import type { HostMessage } from '../../src/core/protocol/messages';

/** One extension-host test: its name and body. */
export type HostTest = readonly [string, () => Promise<void>];

/**
 * What the extension-host tests share: the `vscode` module, the workspace, the seed's editor
 * session (set by the first test, which opens it; the others run after it, in index.ts's order)
 * and their waits. Type-only imports of `vscode`: `node --test out/test/` loads every file under
 * out/test/, and these must load harmlessly outside VS Code.
 */
export interface Host {
  readonly vscode: typeof VSCode;
  folder(): string;
  seedUri(): VSCode.Uri;
  /** The seed's editor session, once the first test opened it. */
  session: EditorSessionApi;
  until<T>(get: () => T | undefined | false, what: string, ms?: number): Promise<T>;
  /** The last message of `type` the session sent, after the first `after`. */
  lastSent<T extends HostMessage['type']>(type: T, after?: number): Extract<HostMessage, { type: T }> | undefined;
  /** A grey PNG's bytes. */
  png(width: number, height: number): Uint8Array;
  /** Reverts the seed's document and waits until it is clean. */
  revert(): Promise<void>;
}

export function hostContext(vscode: typeof VSCode): Host {
  const folder = (): string => vscode.workspace.workspaceFolders![0]!.uri.fsPath;
  const host: Host = {
    vscode,
    folder,
    seedUri: () => vscode.Uri.file(join(folder(), 'seed.stylegraph.json')),
    session: undefined as unknown as EditorSessionApi,
    async until<T>(get: () => T | undefined | false, what: string, ms = 20_000): Promise<T> {
      const deadline = Date.now() + ms;
      for (;;) {
        const value = get();
        if (value) return value;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    lastSent<T extends HostMessage['type']>(type: T, after = 0): Extract<HostMessage, { type: T }> | undefined {
      return host.session.sent.slice(after).filter((m): m is Extract<HostMessage, { type: T }> => m.type === type).at(-1);
    },
    png(width: number, height: number): Uint8Array {
      const image = new PNG({ width, height });
      image.data.fill(200);
      return new Uint8Array(PNG.sync.write(image));
    },
    async revert(): Promise<void> {
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await host.until(() => !host.session.document.isDirty, 'the document to be reverted');
    },
  };
  return host;
}
