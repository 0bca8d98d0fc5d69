/** Which tfjs backends a Run tries, and which GPU adapters count as software (pure, tested in Node). */
import type { BackendChoice } from '../src/core/protocol/messages';

export type BackendName = Exclude<BackendChoice, 'auto'>;

/** The backends to try, in order: auto is hardware webgpu, hardware webgl, wasm, cpu; a named one is that one alone. */
export function backendsToTry(choice: BackendChoice): readonly BackendName[] {
  return choice === 'auto' ? ['webgpu', 'webgl', 'wasm', 'cpu'] : [choice];
}

/** What a browser says of a GPU adapter or a WebGL renderer. */
export interface AdapterFacts {
  /** WebGPU's `GPUAdapter.isFallbackAdapter` (also `GPUAdapterInfo.isFallbackAdapter` in newer browsers). */
  readonly isFallbackAdapter?: boolean;
  /** Vendor, architecture, device, description (WebGPU) or the unmasked renderer (WebGL). */
  readonly names: readonly (string | undefined)[];
}

/** CPU implementations of WebGPU, Vulkan and OpenGL: slower than wasm for this work. */
const SOFTWARE = /swiftshader|llvmpipe|lavapipe|softpipe|software|microsoft basic render/i;

/** Whether an adapter is a CPU rasteriser; auto never picks one over wasm. */
export function isSoftwareAdapter(facts: AdapterFacts): boolean {
  return facts.isFallbackAdapter === true || facts.names.some((n) => n !== undefined && SOFTWARE.test(n));
}
