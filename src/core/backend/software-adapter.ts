/** Which GPU adapters count as software: a CPU rasteriser never beats wasm for this work, so auto never picks one (the webview's tfjs, the engine's Dawn). */

/** What a GPU adapter or a WebGL renderer says of itself. */
export interface AdapterFacts {
  /** WebGPU's `GPUAdapter.isFallbackAdapter` (also `GPUAdapterInfo.isFallbackAdapter` in newer implementations). */
  readonly isFallbackAdapter?: boolean;
  /** Vendor, architecture, device, description (WebGPU) or the unmasked renderer (WebGL). */
  readonly names: readonly (string | undefined)[];
}

/** CPU implementations of WebGPU, Vulkan and OpenGL: slower than wasm for this work. */
const SOFTWARE = /swiftshader|llvmpipe|lavapipe|softpipe|software|microsoft basic render/i;

/** Whether an adapter is a CPU rasteriser. */
export function isSoftwareAdapter(facts: AdapterFacts): boolean {
  return facts.isFallbackAdapter === true || facts.names.some((n) => n !== undefined && SOFTWARE.test(n));
}
