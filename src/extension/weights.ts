import * as vscode from 'vscode';
import { access } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { VGG19_MANIFEST } from '../core/model/manifest';
import { resolveDefaultWeights, tfjsModelJsonFor } from '../node/weights-store';
import { isInside } from '../node/confine';
import { linkModelFiles } from './model-links';

/** The weights the editor hands to its webviews: a tfjs model.json on disk and where it came from. */
export interface EditorWeights {
  readonly modelJson: string;
  readonly source: string;
}

/** No weights: the message says what to do; `openSetting` offers the button. */
export class WeightsUnavailable extends Error {
  constructor(message: string, readonly cancelled = false) {
    super(message);
    this.name = 'WeightsUnavailable';
  }
}

const SETTING_HINT = `Set "stylegraph.weightsPath" to a local copy of ${VGG19_MANIFEST.file} (Keras .h5), imagenet-vgg-verydeep-19.mat (MatConvNet) or a TensorFlow.js model.json, or "stylegraph.weightsUrl" to a mirror.`;

/**
 * Resolves the VGG-19 weights once per extension (again after a failure or a settings change):
 * `stylegraph.weightsPath`, else the download in global storage (fetched now, with a cancellable
 * progress notification, MD5-checked, from `stylegraph.weightsUrl` if set). Keras files are
 * converted once into global storage; the webview gets the model.json.
 */
export class WeightsResolver implements vscode.Disposable {
  private pending: Promise<EditorWeights> | undefined;
  private readonly subscription: vscode.Disposable;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the settings change: editors ask again. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly storage: vscode.Uri, private readonly log: vscode.OutputChannel) {
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('stylegraph.weightsPath') || e.affectsConfiguration('stylegraph.weightsUrl')) {
        this.pending = undefined;
        this.changed.fire();
      }
    });
  }

  /** The folder converted, downloaded and linked weights live in: the only weights folder editors may read (a localResourceRoot). */
  get cacheDir(): string {
    return join(this.storage.fsPath, 'weights');
  }

  /** The configured weights path, resolved (`~`, `${workspaceFolder}`, relative to the first folder); undefined when unset. */
  configuredPath(): string | undefined {
    const raw = vscode.workspace.getConfiguration('stylegraph').get<string>('weightsPath', '').trim();
    if (!raw) return undefined;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    let path = raw.replace(/^~(?=$|[\\/])/, homedir());
    if (folder) path = path.replace(/\$\{workspaceFolder\}/g, folder);
    return isAbsolute(path) || !folder ? path : join(folder, path);
  }

  /** Forgets a failure and tells the editors to ask again. */
  retry(): void {
    this.pending = undefined;
    this.changed.fire();
  }

  get(): Promise<EditorWeights> {
    this.pending ??= this.resolve().catch((error: unknown) => {
      this.pending = undefined;
      throw error;
    });
    return this.pending;
  }

  /** The weights when they resolve without a download (the setting's file, or the one downloaded before), else undefined. */
  async getIfLocal(): Promise<EditorWeights | undefined> {
    const local = this.configuredPath() ?? join(this.cacheDir, VGG19_MANIFEST.file);
    return (await exists(local)) ? this.get() : undefined;
  }

  private async resolve(): Promise<EditorWeights> {
    let path = this.configuredPath();
    if (path !== undefined) {
      if (!(await exists(path))) throw new WeightsUnavailable(`The VGG-19 weights file in "stylegraph.weightsPath" does not exist: ${path}. ${SETTING_HINT}`);
    } else {
      path = await this.download();
    }
    try {
      const { modelJson, converted } = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: 'Style Graph: preparing VGG-19 weights' },
        async () => {
          const found = await tfjsModelJsonFor(path, this.cacheDir);
          // The webview reads only the cache: a model.json elsewhere is linked into it, with its shards.
          return isInside(found.modelJson, this.cacheDir) ? found : { ...found, modelJson: await linkModelFiles(found.modelJson, this.cacheDir) };
        },
      );
      this.log.appendLine(`weights: ${path}${converted ? ` (converted to ${modelJson})` : ` -> ${modelJson}`}`);
      return { modelJson, source: path };
    } catch (error) {
      throw new WeightsUnavailable(`The VGG-19 weights in ${path} cannot be read: ${(error as Error).message}. ${SETTING_HINT}`);
    }
  }

  private async download(): Promise<string> {
    if (!vscode.workspace.isTrusted) throw new WeightsUnavailable(`No VGG-19 weights yet, and downloads are off in an untrusted workspace. ${SETTING_HINT}`);
    const url = vscode.workspace.getConfiguration('stylegraph').get<string>('weightsUrl', '').trim() || VGG19_MANIFEST.url;
    const file = join(this.cacheDir, VGG19_MANIFEST.file);
    if (await exists(file)) return file;
    this.log.appendLine(`weights: downloading ${url} -> ${file}`);
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Style Graph: downloading VGG-19 weights', cancellable: true },
      async (progress, token) => {
        const abort = new AbortController();
        const cancel = token.onCancellationRequested(() => abort.abort());
        let reported = 0;
        try {
          return await resolveDefaultWeights({ ...VGG19_MANIFEST, url }, this.cacheDir, {
            signal: abort.signal,
            hint: SETTING_HINT,
            onProgress: (received, total) => {
              const size = total ?? VGG19_MANIFEST.bytes;
              const percent = Math.min(100, (100 * received) / size);
              if (percent - reported >= 1) {
                progress.report({ increment: percent - reported, message: `${(received / 1e6).toFixed(0)} / ${(size / 1e6).toFixed(0)} MB` });
                reported = percent;
              }
            },
          });
        } catch (error) {
          if (abort.signal.aborted) throw new WeightsUnavailable(`The VGG-19 weights download was cancelled. ${SETTING_HINT}`, true);
          throw new WeightsUnavailable((error as Error).message);
        } finally {
          cancel.dispose();
        }
      },
    );
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function exists(path: string): Promise<boolean> {
  return access(path).then(() => true, () => false);
}
