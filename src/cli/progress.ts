import { SingleBar } from 'cli-progress';
import type { ProgressEvent } from '../core/run/executor';

export interface ProgressView {
  update(event: ProgressEvent): void;
  stop(): void;
}

/**
 * Progress on stderr: a live bar with the total and its direct terms on a terminal, else a line
 * every tenth of the run (for logs).
 */
export function progressView(stream: NodeJS.WriteStream, terms: readonly string[]): ProgressView {
  const describe = (e: ProgressEvent) => [`J ${fmt(e.loss)}`, ...terms.map((id) => `${id} ${fmt(e.losses[id] ?? NaN)}`)].join(' | ');
  const rate = (e: ProgressEvent) => `${(e.ms / 1000 / e.iteration).toFixed(2)} s/it`;
  if (stream.isTTY) {
    const bar = new SingleBar({ stream, format: '{bar} {value}/{total} | {losses} | {rate}', hideCursor: true, clearOnComplete: false }, undefined);
    let started = false;
    return {
      update(e) {
        if (!started) bar.start(e.iterations, 0, { losses: '', rate: '' });
        started = true;
        bar.update(e.iteration, { losses: describe(e), rate: rate(e) });
      },
      stop: () => bar.stop(),
    };
  }
  return {
    update(e) {
      const every = Math.max(1, Math.floor(e.iterations / 10));
      if (e.iteration % every === 0 || e.iteration === e.iterations || e.iteration === 1) {
        stream.write(`iteration ${e.iteration}/${e.iterations} | ${describe(e)} | ${rate(e)}\n`);
      }
    },
    stop: () => undefined,
  };
}

function fmt(x: number): string {
  return x.toExponential(3);
}
