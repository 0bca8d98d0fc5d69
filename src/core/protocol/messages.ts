/**
 * Messages between the extension host and the editor webview. The host trusts nothing the
 * webview sends: every message goes through parseWebviewMessage first.
 */
import { RUN_FORMAT, RUN_VERSION, parseLossLog, parseRunInfo, type LossLog, type RunInfo } from '../history/run-record';
import type { RawImage } from '../image/raw-image';
import type { LabelledFile } from '../face/labelled-files';
import { isEngineBackend, type EngineBackend, type EngineEvent } from './engine-messages';
import { parseViewMessage, type ViewHostMessage, type ViewWebviewMessage } from './editor-view-messages';

/** The tfjs backends a user may ask for (setting `stylegraph.backend`, the toolbar): auto picks the fastest that is not a software GPU. */
export const BACKEND_CHOICES = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

export function isBackendChoice(value: unknown): value is BackendChoice {
  return typeof value === 'string' && (BACKEND_CHOICES as readonly string[]).includes(value);
}

/** Where the editor's runs compute (`stylegraph.engine`): the extension host's engine process, or the webview's own tfjs. */
export const ENGINES = ['host', 'webview'] as const;
export type EngineSetting = (typeof ENGINES)[number];

export function isEngineSetting(value: unknown): value is EngineSetting {
  return typeof value === 'string' && (ENGINES as readonly string[]).includes(value);
}

/** The backends the toolbar offers for an engine: the webview's tfjs backends, or the engine process's (the CLI's --backend). */
export function backendChoicesOf(engine: EngineSetting): readonly string[] {
  return engine === 'host' ? ['auto', 'onnx', 'wasm', 'webgpu', 'cpu'] : BACKEND_CHOICES;
}

/** Host -> webview. */
export type HostMessage =
  /**
   * Sent once, before the first document: `wasmBaseUri` is a webview URI of the folder holding
   * the tfjs wasm backend's .wasm files (with a trailing slash); `faceModels` is where face-api's
   * weights are (the extension's dist/face-models/: a webview URI with a trailing slash, and the
   * folder on disk that errors name); `backend` is the setting; `testHooks` (only under the E2E
   * harness, see src/extension/test-support.ts) asks the page to install `window.stylegraphTest`.
   */
  | { readonly type: 'init'; readonly wasmBaseUri: string; readonly faceModels: FaceModelsFolder; readonly backend: string; readonly engine: EngineSetting; readonly testHooks?: true }
  /** The `stylegraph.backend` or `stylegraph.engine` setting changed. */
  | { readonly type: 'backendSetting'; readonly backend: string; readonly engine: EngineSetting }
  /** An event of one of this webview's engine jobs (engineRun, engineEvaluate, engineInspect). */
  | { readonly type: 'engineEvent'; readonly job: number; readonly event: EngineEvent }
  /** The document's whole text (on open and after every change not made by this webview). */
  | { readonly type: 'document'; readonly text: string }
  /**
   * Where to fetch the converted VGG-19 weights (a webview URI of a tfjs model.json), or why there
   * are none: the answer to requestWeights, and again after a settings change once asked.
   */
  | { readonly type: 'weights'; readonly modelJsonUri: string; readonly source: string }
  | { readonly type: 'weightsError'; readonly message: string }
  /** Answer to resolveImage: a webview URI for the image file, or why not. */
  | { readonly type: 'imageResolved'; readonly requestId: number; readonly uri: string }
  | { readonly type: 'imageError'; readonly requestId: number; readonly message: string }
  /** Answer to readFolder: the folder's images with whose face each is (as the CLI reads them), or why not. */
  | { readonly type: 'folderRead'; readonly requestId: number; readonly files: readonly LabelledFile[] }
  | { readonly type: 'folderError'; readonly requestId: number; readonly message: string }
  /**
   * A VS Code command aimed at this editor: `sweepWeight` opens the sweep dialog on the first
   * weight node's `w`; `compareLatest` ticks the two newest runs of the Runs list.
   */
  | { readonly type: 'command'; readonly command: 'run' | 'stop' | 'saveImage' | 'sweepWeight' | 'compareLatest' }
  /** Style Graph: Add Style or Content Layer…: add a term of that kind at that VGG-19 layer (as the toolbar's picker). */
  | { readonly type: 'addLayer'; readonly kind: 'style' | 'content'; readonly layer: string }
  /** Whether the workspace is trusted: running is disabled when it is not. */
  | { readonly type: 'trust'; readonly trusted: boolean }
  /** Result of a saveImage request. */
  | { readonly type: 'saved'; readonly path: string }
  | { readonly type: 'saveError'; readonly message: string }
  /** The graph's recorded runs, newest first: the answer to listRuns, and again after each run is recorded. */
  | { readonly type: 'runs'; readonly runs: readonly RunListItem[] }
  /** Answer to compareRuns: the two runs whole, in the order asked. */
  | { readonly type: 'comparison'; readonly runs: readonly [ComparedRun, ComparedRun] }
  /** A history request failed (a record that cannot be read, a restore refused). */
  | { readonly type: 'historyError'; readonly message: string }
  | ViewHostMessage;

/** Where the webview reads face-api's weights: a webview URI (trailing slash) and the folder on disk it stands for. */
export interface FaceModelsFolder {
  readonly uri: string;
  readonly path: string;
}

/** A recorded run as the editor lists it: its id, run.json and a webview URI of its image. */
export interface RunListItem {
  readonly id: string;
  readonly info: RunInfo;
  readonly imageUri: string;
}

export interface ComparedRun extends RunListItem {
  /** The graph as it ran (canonical text). */
  readonly graphText: string;
  readonly losses: LossLog;
}

/** What the webview sends of a finished run for its record; the host adds format, version and the graph's file name. */
export type RecordedInfo = Omit<RunInfo, 'format' | 'version' | 'graph'>;

/** Webview -> host. */
export type WebviewMessage =
  | { readonly type: 'ready' }
  /** The document's new canonical text after a canvas edit; the host applies it as a minimal edit. */
  | { readonly type: 'edit'; readonly text: string }
  /** Asks for a webview URI of an image.load path (relative to the graph file). */
  | { readonly type: 'resolveImage'; readonly requestId: number; readonly path: string }
  /** Asks for the images of a face.database folder (relative to the graph file): the host answers folderRead or folderError. */
  | { readonly type: 'readFolder'; readonly requestId: number; readonly path: string }
  /** Asks for the VGG-19 weights (on Run): the host resolves them (downloading if it must) and answers weights or weightsError. */
  | { readonly type: 'requestWeights' }
  /** PNG bytes (a message with other bytes is refused) to save where the user picks in a save dialog, inside the workspace. */
  | { readonly type: 'saveImage'; readonly png: Uint8Array }
  | { readonly type: 'runState'; readonly running: boolean; readonly backend?: string }
  | { readonly type: 'openAsText' }
  /** The page's undo or redo key (webview/undo-keys.ts): the host runs the command once the edits posted before it are applied. */
  | { readonly type: 'undo' | 'redo' }
  | { readonly type: 'showError'; readonly message: string }
  /** A run finished (done or stopped after at least one iteration): the host records it in the graph's history. */
  | { readonly type: 'recordRun'; readonly graphText: string; readonly info: RecordedInfo; readonly losses: LossLog; readonly image: RawImage }
  | { readonly type: 'listRuns' }
  | { readonly type: 'compareRuns'; readonly ids: readonly [string, string] }
  /** Replaces the document's content with the graph a recorded run ran (one undoable edit). */
  | { readonly type: 'restoreRun'; readonly id: string }
  /**
   * Host engine: run or evaluate `graphText` (the document's graph with the run size applied) on
   * the engine process; `needsWeights` when it has VGG-19 nodes (the host resolves the weights);
   * `frames`: a frame run's first N frames (absent: all).
   */
  | { readonly type: 'engineRun' | 'engineEvaluate'; readonly job: number; readonly graphText: string; readonly backend: EngineBackend; readonly needsWeights: boolean; readonly frames?: number }
  /** Host engine: a features or Gram node of this editor's last run (the channels asked, or the most active). */
  | { readonly type: 'engineInspect'; readonly job: number; readonly nodeId: string; readonly channels?: readonly number[] }
  | { readonly type: 'engineStop'; readonly job: number }
  | ViewWebviewMessage;

const MAX_TEXT = 10_000_000;
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const MAX_PNG = 200_000_000;

/** The message if it is well formed, else undefined (the host then ignores it and logs why). */
export function parseWebviewMessage(raw: unknown): WebviewMessage | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const m = raw as Record<string, unknown>;
  const isString = (v: unknown, max = 4096): v is string => typeof v === 'string' && v.length <= max;
  switch (m.type) {
    case 'ready':
    case 'requestWeights':
    case 'openAsText':
    case 'undo':
    case 'redo':
      return { type: m.type };
    case 'edit':
      return isString(m.text, MAX_TEXT) ? { type: 'edit', text: m.text } : undefined;
    case 'resolveImage':
    case 'readFolder':
      return Number.isSafeInteger(m.requestId) && isString(m.path) && m.path.length > 0 ? { type: m.type, requestId: m.requestId as number, path: m.path } : undefined;
    case 'saveImage':
      return m.png instanceof Uint8Array && m.png.length <= MAX_PNG && isPng(m.png) ? { type: 'saveImage', png: m.png } : undefined;
    case 'runState':
      return typeof m.running === 'boolean' && (m.backend === undefined || isString(m.backend, 32))
        ? { type: 'runState', running: m.running, ...(m.backend !== undefined && { backend: m.backend as string }) }
        : undefined;
    case 'showError':
      return isString(m.message, 10_000) ? { type: 'showError', message: m.message } : undefined;
    case 'listRuns':
      return { type: 'listRuns' };
    case 'compareRuns':
      return Array.isArray(m.ids) && m.ids.length === 2 && m.ids.every((id) => isString(id, 64)) ? { type: 'compareRuns', ids: [m.ids[0] as string, m.ids[1] as string] } : undefined;
    case 'restoreRun':
      return isString(m.id, 64) ? { type: 'restoreRun', id: m.id } : undefined;
    case 'recordRun':
      return parseRecordRun(m);
    case 'engineRun':
    case 'engineEvaluate':
      return Number.isSafeInteger(m.job) && isString(m.graphText, MAX_TEXT) && isEngineBackend(m.backend) && typeof m.needsWeights === 'boolean' && (m.frames === undefined || (Number.isSafeInteger(m.frames) && (m.frames as number) > 0))
        ? { type: m.type, job: m.job as number, graphText: m.graphText, backend: m.backend, needsWeights: m.needsWeights, ...(m.frames !== undefined && { frames: m.frames as number }) }
        : undefined;
    case 'engineInspect':
      return Number.isSafeInteger(m.job) && isString(m.nodeId, 256) && (m.channels === undefined || (Array.isArray(m.channels) && m.channels.length <= 4096 && m.channels.every((c) => Number.isSafeInteger(c) && (c as number) >= 0)))
        ? { type: 'engineInspect', job: m.job as number, nodeId: m.nodeId, ...(m.channels !== undefined && { channels: m.channels as number[] }) }
        : undefined;
    case 'engineStop':
      return Number.isSafeInteger(m.job) ? { type: 'engineStop', job: m.job as number } : undefined;
    default:
      return parseViewMessage(m);
  }
}

/** A recordRun message whose info and losses read as run.json and losses.json would, and whose image has width x height x 4 bytes. */
function parseRecordRun(m: Record<string, unknown>): WebviewMessage | undefined {
  if (typeof m.graphText !== 'string' || m.graphText.length > MAX_TEXT || !isRgba(m.image)) return undefined;
  try {
    const i = parseRunInfo(JSON.stringify({ ...(m.info as object), format: RUN_FORMAT, version: RUN_VERSION, graph: '' }));
    const info: RecordedInfo = { started: i.started, status: i.status, backend: i.backend, size: [i.size[0], i.size[1]], seed: i.seed, iterations: i.iterations, seconds: i.seconds, loss: i.loss, losses: i.losses };
    const losses = parseLossLog(JSON.stringify(m.losses));
    return { type: 'recordRun', graphText: m.graphText, info, losses, image: m.image };
  } catch {
    return undefined;
  }
}

function isRgba(v: unknown): v is RawImage {
  if (typeof v !== 'object' || v === null) return false;
  const { width, height, data } = v as Record<string, unknown>;
  return Number.isSafeInteger(width) && Number.isSafeInteger(height) && (width as number) > 0 && (height as number) > 0
    && data instanceof Uint8Array && data.length === (width as number) * (height as number) * 4 && data.length <= MAX_PNG;
}

/** The PNG signature and room for the IHDR chunk: the host writes nothing else to a .png path. */
function isPng(bytes: Uint8Array): boolean {
  return bytes.length > 33 && PNG_SIGNATURE.every((b, i) => bytes[i] === b);
}
