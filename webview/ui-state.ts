/** Pure helpers of the editor UI (no DOM), tested in Node. */
import type { Problem } from '../src/core/graph/problems';
import { overrideRange } from '../src/core/graph/overrides';

/** Problems by node id; those without a node under ''. */
export function problemsByNode(problems: readonly Problem[]): Map<string, Problem[]> {
  const byNode = new Map<string, Problem[]>();
  for (const p of problems) {
    const key = p.nodeId ?? '';
    byNode.set(key, [...(byNode.get(key) ?? []), p]);
  }
  return byNode;
}

/** "node · port: message" for a problem list line (the message already names the node). */
export function problemLabel(p: Problem): string {
  const where = [p.nodeId && `node ${p.nodeId}`, p.port && `port ${p.port}`, p.param && `param ${p.param}`].filter(Boolean).join(' · ');
  return where ? `${where}: ${p.message}` : p.message;
}

/** "12 / 200 · 3.4 s · 3.5 it/s" */
export function progressText(iteration: number, total: number, ms: number): string {
  const seconds = ms / 1000;
  const rate = seconds > 0 ? iteration / seconds : 0;
  const rateText = rate >= 10 ? rate.toFixed(0) : rate >= 1 ? rate.toFixed(1) : rate > 0 ? `${(1 / rate).toFixed(1)} s/it` : '';
  return [`${iteration} / ${total}`, `${seconds.toFixed(1)} s`, rateText && (rate >= 1 ? `${rateText} it/s` : rateText)].filter(Boolean).join(' · ');
}

/** The toolbar's run sizes ("HxW", as the CLI's --size); '' runs at the graph's own sizes (a custom HxW is added to them). */
export const RUN_SIZES: readonly string[] = ['', '64x64', '96x96', '128x128', '256x256', '512x512'];

/**
 * A custom run size typed as "HxW" (as the CLI's --size; spaces and × allowed): the "HxW" choice, or
 * why it is refused, with the sides it takes. Nothing is rounded or clamped.
 */
export function parseRunSize(text: string): { readonly choice: string } | { readonly error: string } {
  const [h, w] = [overrideRange('height'), overrideRange('width')];
  const match = /^\s*(\d+)\s*[x×X]\s*(\d+)\s*$/.exec(text);
  const size = match ? [Number(match[1]), Number(match[2])] as const : undefined;
  if (size && size[0] >= h.min && size[0] <= h.max && size[1] >= w.min && size[1] <= w.max) return { choice: `${size[0]}x${size[1]}` };
  return { error: `run size ${JSON.stringify(text)} is refused: enter HxW with each side from ${Math.max(h.min, w.min)} to ${Math.min(h.max, w.max)}, e.g. 300x400` };
}

/** The size override of a run-size choice: [height, width], or undefined for the graph's own sizes. */
export function runSize(choice: string): readonly [number, number] | undefined {
  const match = /^(\d+)x(\d+)$/.exec(choice);
  return match ? [Number(match[1]), Number(match[2])] : undefined;
}

/**
 * The series of the loss chart: the plotted terms (core's plottedTerms: J's own terms, the other
 * loss nodes, J last) that the run reports, in that order, the total last.
 */
export function lossSeries(losses: Readonly<Record<string, number>>, totalId: string | undefined, plotted: readonly string[]): string[] {
  const ids = plotted.filter((id) => id !== totalId && id in losses);
  return totalId !== undefined && totalId in losses ? [...ids, totalId] : ids;
}

/**
 * The colour of the i-th series beyond the theme's `paletteSize` chart colours: hues a golden angle
 * apart, starting between the palette's, so no two series share a colour.
 */
export function extraSeriesColour(i: number, paletteSize: number): string {
  const k = i - paletteSize;
  const hue = (15 + k * 137.508) % 360;
  const lightness = [58, 45, 70][Math.floor(k / 3) % 3];
  return `hsl(${hue.toFixed(1)}, 70%, ${lightness}%)`;
}

/** A run's start as the history lists it: "2026-11-30 10:36:50" in local time. */
export function runDate(iso: string): string {
  const d = new Date(iso);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

/** A run's final loss as the history lists it ("J 1.234e+5"; "no loss" when no iteration completed). */
export function runLoss(loss: number | null): string {
  return loss === null ? 'no loss' : `J ${loss.toExponential(3)}`;
}

/** A param value in a comparison ("—" where that graph has no such node or param). */
export function paramText(value: string | number | boolean | undefined): string {
  return value === undefined ? '—' : typeof value === 'string' ? value : String(value);
}

/** A CSS colour (#rgb, #rrggbb, rgb() or rgba()) at `alpha` opacity, as rgba(); other forms are returned as they are. */
export function dimmed(colour: string, alpha: number): string {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(colour.trim())?.[1];
  const rgb = hex
    ? (hex.length === 3 ? [...hex].map((c) => parseInt(c + c, 16)) : [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16)))
    : /^rgba?\(\s*(\d+)[\s,]+(\d+)[\s,]+(\d+)/i.exec(colour.trim())?.slice(1, 4).map(Number);
  return rgb ? `rgba(${rgb.join(', ')}, ${alpha})` : colour;
}
