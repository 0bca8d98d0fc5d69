import { median } from './common';

/** What round-medians reads of a bench row: an engine's row is followed by the PyTorch run next to it, if any. */
export interface RatioRow {
  readonly size: string;
  readonly engine: string;
  /** Absent on PyTorch's rows. */
  readonly backend?: string;
  readonly ratio: number | null;
  readonly peakMiB: number | null;
}

/** Per size and engine, over its rounds: the median time ratio to PyTorch and the median peak-memory ratio (each round against the PyTorch run beside it). */
export interface RoundMedians {
  readonly size: string;
  readonly engine: string;
  readonly rounds: number;
  readonly ratio: number;
  readonly memoryRatio: number | null;
}

export function roundMedians(rows: readonly RatioRow[]): RoundMedians[] {
  const groups = new Map<string, { size: string; engine: string; ratios: number[]; memory: number[] }>();
  rows.forEach((row, i) => {
    if (row.backend === undefined || row.ratio === null) return;
    const key = `${row.size}\t${row.engine}`;
    const group = groups.get(key) ?? { size: row.size, engine: row.engine, ratios: [], memory: [] };
    groups.set(key, group);
    group.ratios.push(row.ratio);
    const torch = rows[i + 1];
    if (torch && torch.backend === undefined && torch.size === row.size && row.peakMiB !== null && torch.peakMiB) group.memory.push(row.peakMiB / torch.peakMiB);
  });
  return [...groups.values()].map((g) => ({ size: g.size, engine: g.engine, rounds: g.ratios.length, ratio: median(g.ratios), memoryRatio: g.memory.length ? median(g.memory) : null }));
}

/** "300x400, onnxruntime, whole iteration: 0.54x PyTorch's time, 1.05x its peak memory (median of 3 rounds)". */
export function roundMediansLine(m: RoundMedians): string {
  const memory = m.memoryRatio === null ? '' : `, ${m.memoryRatio.toFixed(2)}x its peak memory`;
  return `${m.size}, ${m.engine}: ${m.ratio.toFixed(2)}x PyTorch's time${memory} (median of ${m.rounds} round${m.rounds === 1 ? '' : 's'})`;
}
