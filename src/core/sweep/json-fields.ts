import type { ParamValue } from '../nodes/types';
import type { SweepAxis } from './combinations';

/**
 * Readers of one field of parsed JSON for the sweep files' parsers: each returns the value typed,
 * or throws an Error naming the field by its JSON path (`$.runs[2].loss must be a number`).
 */
export function object(v: unknown, path: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error(`${path} must be an object`);
  return v as Record<string, unknown>;
}
export function array(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) throw new Error(`${path} must be an array`);
  return v;
}
export function string(v: unknown, path: string): string {
  if (typeof v !== 'string') throw new Error(`${path} must be a string`);
  return v;
}
export function number(v: unknown, path: string): number {
  if (typeof v !== 'number') throw new Error(`${path} must be a number`);
  return v;
}
export function paramValue(v: unknown, path: string): ParamValue {
  if (typeof v !== 'number' && typeof v !== 'string' && typeof v !== 'boolean') throw new Error(`${path} must be a number, string or boolean`);
  return v;
}

/** A sweep's axes as sweep.json and plan.json write them: `[{"keys": [...], "values": [...]}]`. */
export function axes(v: unknown, path: string): SweepAxis[] {
  return array(v, path).map((a, i) => {
    const axis = object(a, `${path}[${i}]`);
    return {
      keys: array(axis.keys, `${path}[${i}].keys`).map((k, j) => string(k, `${path}[${i}].keys[${j}]`)),
      values: array(axis.values, `${path}[${i}].values`).map((x, j) => paramValue(x, `${path}[${i}].values[${j}]`)),
    };
  });
}
