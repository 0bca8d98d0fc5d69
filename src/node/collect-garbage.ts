import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * A full garbage collection at the next turn of the event loop, for when large arrays just became
 * garbage and the work that follows allocates too little in JavaScript for V8 to collect them
 * soon (the onnx backend's weights, once written to its file: 76-89 MiB kept through a whole run
 * otherwise). A context made after --expose-gc is set has `gc`; the process's own global does not.
 */
export function collectGarbageSoon(): void {
  setImmediate(() => {
    setFlagsFromString('--expose-gc');
    (runInNewContext('gc') as () => void)();
  });
}
