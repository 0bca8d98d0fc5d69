import { parsePortRef } from '../graph/types';
import { quote } from '../text/quote';

/** One --vary flag as written: the keys ("node.param") that always take the same value, and the values. */
export interface VaryFlag {
  readonly keys: readonly string[];
  readonly values: readonly string[];
}

/**
 * Parses `KEYS=VALUES` (KEYS: node.param joined by commas; VALUES: comma-separated, none empty).
 * Throws an Error naming what is wrong; it knows nothing of the graph (see typeAxes for that).
 */
export function parseVary(text: string): VaryFlag {
  const eq = text.indexOf('=');
  if (eq < 0) throw new Error(`--vary ${quote(text)}: expected KEYS=VALUES, e.g. alpha.w=1,10,100`);
  const keys = text.slice(0, eq).split(',');
  const values = text.slice(eq + 1).split(',');
  for (const key of keys) {
    if (!parsePortRef(key)) throw new Error(`--vary ${quote(text)}: ${quote(key)} is not node.param`);
  }
  if (new Set(keys).size !== keys.length) throw new Error(`--vary ${quote(text)}: a key is named twice`);
  if (values.some((v) => v.trim() === '')) throw new Error(`--vary ${quote(text)}: every value must be non-empty`);
  if (new Set(values).size !== values.length) throw new Error(`--vary ${quote(text)}: a value is given twice`);
  return { keys, values };
}

/** Checks that no key is varied by two flags (each key belongs to one axis). */
export function checkDistinctKeys(flags: readonly VaryFlag[]): void {
  const seen = new Set<string>();
  for (const key of flags.flatMap((f) => f.keys)) {
    if (seen.has(key)) throw new Error(`--vary: ${quote(key)} is varied by more than one --vary`);
    seen.add(key);
  }
}
