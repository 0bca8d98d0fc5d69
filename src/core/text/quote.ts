const MAX_QUOTE = 60;

/**
 * A short, safe preview of any value for a problem message: JSON for small values, a string cut
 * to about MAX_QUOTE characters (escapes counted) with an ellipsis. Never recurses into the value
 * and reads at most MAX_QUOTE characters of a string, so a deeply nested or huge value costs
 * O(MAX_QUOTE) and cannot overflow the stack.
 */
export function quote(value: unknown): string {
  if (typeof value === 'string') return quoteString(value);
  if (value === undefined) return 'nothing';
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return Object.is(value, -0) ? '-0' : String(value);
  if (Array.isArray(value)) return value.length === 0 ? '[]' : `an array of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  return typeof value;
}

function quoteString(text: string): string {
  let body = '';
  for (const char of text) {
    const escaped = JSON.stringify(char).slice(1, -1);
    if (body.length + escaped.length > MAX_QUOTE) return `"${body}…"`;
    body += escaped;
  }
  return `"${body}"`;
}
