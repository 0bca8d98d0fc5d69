const MAX_QUOTE = 60;

/**
 * A short, safe preview of any value for a problem message: JSON for small values, cut to
 * MAX_QUOTE characters with an ellipsis otherwise. Never recurses into the value, so a deeply
 * nested or huge value costs O(MAX_QUOTE) and cannot overflow the stack.
 */
export function quote(value: unknown): string {
  if (typeof value === 'string') return cut(JSON.stringify(value.length > MAX_QUOTE ? value.slice(0, MAX_QUOTE) : value), value.length > MAX_QUOTE);
  if (value === undefined) return 'nothing';
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.length === 0 ? '[]' : `an array of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  return typeof value;
}

function cut(text: string, truncated: boolean): string {
  return truncated ? `${text.slice(0, -1)}…"` : text;
}
