import { totalmem } from 'node:os';
import type { MemoryLimit } from '../core/run/memory-estimate';

/**
 * How much memory a run's tensors may take in this process: $STYLEGRAPH_MEMORY_MB when set (a
 * positive number of MiB), else the machine's memory (os.totalmem()). The wasm backend's own 4 GiB
 * heap applies as well (see backendMemoryLimits).
 */
export function hostMemoryBudget(env: NodeJS.ProcessEnv = process.env): MemoryLimit {
  const mb = Number(env.STYLEGRAPH_MEMORY_MB);
  if (env.STYLEGRAPH_MEMORY_MB && Number.isFinite(mb) && mb > 0) return { bytes: mb * 2 ** 20, what: 'the memory budget ($STYLEGRAPH_MEMORY_MB)' };
  return { bytes: totalmem(), what: "this machine's memory" };
}
