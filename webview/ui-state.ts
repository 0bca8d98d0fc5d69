/** Pure helpers of the editor UI (no DOM), tested in Node. */
import type { Problem } from '../src/core/graph/problems';

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

/** The toolbar's run sizes ("HxW", as the CLI's --size); '' runs at the graph's own sizes. */
export const RUN_SIZES: readonly string[] = ['', '64x64', '128x128', '256x256'];

/** The size override of a run-size choice: [height, width], or undefined for the graph's own sizes. */
export function runSize(choice: string): readonly [number, number] | undefined {
  const match = /^(\d+)x(\d+)$/.exec(choice);
  return match ? [Number(match[1]), Number(match[2])] : undefined;
}

/**
 * The series of the loss chart: every reported node whose role is loss (`lossIds`) in id order,
 * then the optimizer's loss (the total) last.
 */
export function lossSeries(losses: Readonly<Record<string, number>>, totalId: string | undefined, lossIds: ReadonlySet<string>): string[] {
  const ids = Object.keys(losses).filter((id) => id !== totalId && lossIds.has(id)).sort();
  return totalId !== undefined && totalId in losses ? [...ids, totalId] : ids;
}
