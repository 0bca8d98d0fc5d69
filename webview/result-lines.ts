/**
 * What a result node of an evaluated graph shows on the canvas, from the value its `result` hook
 * reported (src/core/nodes/face-*.ts): a headline (the verdict, the identity, the accuracy) with a
 * tone, and detail lines (distance and τ, false accept and reject rates). Pure, tested in Node.
 */

export interface ResultLines {
  readonly headline: string;
  /** good: the same person / a known identity; bad: different people / not in the database. */
  readonly tone: 'good' | 'bad' | 'plain';
  readonly details: readonly string[];
}

/** How many lines a result node has room for: the headline and two details. */
export const RESULT_LINES = 3;

const percent = (x: number) => `${(100 * x).toFixed(1)}%`;
const distance = (d: number, tau: number) => `distance ${d.toFixed(3)} ${d <= tau ? '≤' : '>'} τ ${tau}`;

type Fields = Record<string, unknown>;
const numbers = (v: Fields, ...keys: string[]) => keys.every((k) => typeof v[k] === 'number');

/** The lines for a result's value; a value of another shape shows the first lines of its text. */
export function resultLines(result: { readonly text: string; readonly value: unknown }): ResultLines {
  const v = (typeof result.value === 'object' && result.value !== null ? result.value : {}) as Fields;
  if (typeof v.same === 'boolean' && numbers(v, 'distance', 'tau')) {
    return { headline: v.same ? 'same person' : 'different people', tone: v.same ? 'good' : 'bad', details: [distance(v.distance as number, v.tau as number)] };
  }
  if ('identity' in v && typeof v.nearest === 'string' && numbers(v, 'distance', 'tau')) {
    const known = typeof v.identity === 'string';
    return {
      headline: known ? (v.identity as string) : 'not in the database',
      tone: known ? 'good' : 'bad',
      details: [known ? distance(v.distance as number, v.tau as number) : `nearest ${v.nearest} at ${(v.distance as number).toFixed(3)} > τ ${v.tau as number}`],
    };
  }
  if (numbers(v, 'accuracy', 'falseAccept', 'falseReject', 'tau', 'bestTau', 'bestAccuracy')) {
    return {
      headline: `accuracy ${percent(v.accuracy as number)} at τ ${v.tau as number}`,
      tone: 'plain',
      details: [`false accept ${percent(v.falseAccept as number)} · false reject ${percent(v.falseReject as number)}`, `best τ ${v.bestTau as number} (${percent(v.bestAccuracy as number)} accurate)`],
    };
  }
  const [headline = '', ...details] = result.text.split('\n');
  return { headline, tone: 'plain', details: details.slice(0, RESULT_LINES - 1) };
}

/** A scalar as a node's title bar shows it: 4 significant digits, exponent form outside 0.001..10^5. */
export function scalarText(x: number): string {
  const a = Math.abs(x);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? x.toExponential(3) : Number(x.toPrecision(4)).toString();
}
