type H5wasmModule = typeof import('h5wasm', { with: { 'resolution-mode': 'import' } });
export type H5wasm = H5wasmModule['default'];
export type H5Group = InstanceType<H5wasm['Group']>;
export type H5Dataset = InstanceType<H5wasm['Dataset']>;

export interface LoadedH5wasm {
  readonly h5wasm: H5wasm;
  /** Emscripten's in-memory file system: HDF5 opens files by name, so bytes go through it. */
  readonly FS: NonNullable<H5wasmModule['FS']>;
}

let loading: Promise<LoadedH5wasm> | undefined;

/**
 * Loads h5wasm once. It is ESM-only, so it comes in through a real dynamic import. Its throwing
 * error handler is switched on: HDF5 errors become exceptions instead of pages of diagnostics
 * printed to stderr.
 */
export function loadH5wasm(): Promise<LoadedH5wasm> {
  loading ??= (async () => {
    const { default: h5wasm } = await import('h5wasm');
    const module = await h5wasm.ready;
    module.activate_throwing_error_handler();
    return { h5wasm, FS: module.FS };
  })();
  return loading;
}

let scratchCount = 0;

/** A path in the in-memory file system that no other caller is using. */
export function scratchPath(): string {
  scratchCount += 1;
  return `/stylegraph-${scratchCount}.h5`;
}

/** The innermost reason of an HDF5 error stack ("truncated file: eof = ..."), or the message. */
export function hdf5ErrorReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const reasons = [...message.matchAll(/ in \w+\(\): (.+)/g)].map((m) => m[1]);
  return reasons.at(-1) ?? message;
}
