import type { EngineEvent } from '../../core/protocol/engine-messages';
import type { PreviewEvent, ProgressEvent } from '../../core/run/executor';

/** At most every this many milliseconds a job's live events (progress, previews) go to the editor; the first at once. */
export const LIVE_EVERY_MS = 100;

/**
 * A job's events, its live ones throttled: every iteration's progress, sent in batches, and only
 * the latest preview of each interval. A native loop makes hundreds of iterations a second at
 * small sizes; a message for each (a preview being an image) flooded the host and the webview,
 * whose backlog then held Stop back (measured in the workbench at 32x32: 8.8 s on the tfjs loop,
 * over 20 s natively). Any other event sends what is pending first, so the order stays.
 */
export function liveEvents(send: (event: EngineEvent) => void, everyMs = LIVE_EVERY_MS) {
  let progress: ProgressEvent[] = [];
  let preview: PreviewEvent | undefined;
  let last = -Infinity;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (!progress.length && !preview) return;
    last = performance.now();
    // The executor reads an iteration's losses back before its preview: the batch goes first.
    if (progress.length) send({ kind: 'progress', events: progress });
    if (preview) send({ kind: 'preview', event: preview });
    progress = [];
    preview = undefined;
  };
  const due = (): void => {
    const wait = last + everyMs - performance.now();
    if (wait <= 0) flush();
    else timer ??= setTimeout(flush, wait);
  };
  return {
    /** One iteration's progress: sent now when the last send is old enough, else with the next. */
    progress(event: ProgressEvent): void {
      progress.push(event);
      due();
    },
    /** A preview: it replaces one still pending (the editor shows the latest). */
    preview(event: PreviewEvent): void {
      preview = event;
      due();
    },
    /** Any other event, after what is pending. */
    reply(event: EngineEvent): void {
      flush();
      send(event);
    },
  };
}

export type LiveEvents = Pick<ReturnType<typeof liveEvents>, 'progress' | 'preview'>;
