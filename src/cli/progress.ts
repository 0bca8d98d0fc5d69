import { SingleBar } from 'cli-progress';
import type { ProgressEvent } from '../core/run/executor';

export interface ProgressView {
  update(event: ProgressEvent): void;
  stop(): void;
}

/**
 * Progress on stderr: a live bar with the total and its direct terms (and the scale, when there
 * are several) on a terminal, else a line every tenth of the run and at the start of each scale (for logs).
 */
export function progressView(stream: NodeJS.WriteStream, terms: readonly string[]): ProgressView {
  const describe = (e: ProgressEvent) => [...scaleOf(e), `J ${fmt(e.loss)}`, ...terms.map((id) => `${id} ${fmt(e.losses[id] ?? NaN)}`)].join(' | ');
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
      const firstOfScale = (e.iteration - 1) % (e.iterations / e.scales) === 0;
      if (e.iteration % every === 0 || e.iteration === e.iterations || firstOfScale) {
        stream.write(`iteration ${e.iteration}/${e.iterations} | ${describe(e)} | ${rate(e)}\n`);
      }
    },
    stop: () => undefined,
  };
}

/** "scale 2/3 45x60" when the run has several scales. */
function scaleOf(e: ProgressEvent): string[] {
  return e.scales > 1 ? [`scale ${e.scale}/${e.scales} ${e.size[0]}x${e.size[1]}`] : [];
}

function fmt(x: number): string {
  return x.toExponential(3);
}
