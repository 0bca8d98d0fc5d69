/** Which tfjs backends a Run tries in the webview (pure, tested in Node); which adapters count as software is core's. */
import type { BackendChoice } from '../src/core/protocol/messages';

export type BackendName = Exclude<BackendChoice, 'auto'>;

/** The backends to try, in order: auto is hardware webgpu, hardware webgl, wasm, cpu; a named one is that one alone. */
export function backendsToTry(choice: BackendChoice): readonly BackendName[] {
  return choice === 'auto' ? ['webgpu', 'webgl', 'wasm', 'cpu'] : [choice];
}

export { isSoftwareAdapter, type AdapterFacts } from '../src/core/backend/software-adapter';
