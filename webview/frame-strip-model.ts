/**
 * A frame run in the editor, DOM-free (the tests import it): the toolbar's frames choice, the
 * strip's slots (one per frame of the run: waiting, running, done), which frame the preview shows,
 * and the run's iterations counted on across frames (the loss chart and the record are continuous).
 */
import type { FrameResult } from '../src/core/protocol/engine-messages';
import type { ProgressEvent } from '../src/core/run/executor';

/** The toolbar's frames choices: how many of a frame graph's frames a Run styles. */
export const FRAME_COUNT_CHOICES = ['1', '4', '8', '16', 'all'] as const;
export const DEFAULT_FRAME_COUNT = '8';

/** The first N frames a choice asks for; undefined for all of them. */
export function frameCount(choice: string): number | undefined {
  const n = Number(choice);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/** A frame run's iterations: the first frame's, then `perFrame` on each next one. */
export function frameRunIterations(first: number, perFrame: number, frames: number): number {
  return frames > 0 ? first + (frames - 1) * perFrame : 0;
}

export type SlotState = 'waiting' | 'running' | 'done';

export interface FrameSlot {
  readonly frame: number;
  state: SlotState;
  result?: FrameResult;
}

/** The strip of one frame run: a slot per frame, each frame's result once it finished. */
export class FrameStripModel {
  private slotList: FrameSlot[] = [];
  /** The frame the preview shows (the running one, or one the user picked). */
  private showing: number | undefined;
  /** Whether the preview follows the running frame (until the user picks a finished one). */
  private following = true;

  get slots(): readonly FrameSlot[] {
    return this.slotList;
  }

  get shown(): number | undefined {
    return this.showing;
  }

  /** Whether a preview of the running frame goes to the large preview now. */
  get followsRun(): boolean {
    return this.following;
  }

  /** A new run: no slots. */
  reset(): void {
    this.slotList = [];
    this.showing = undefined;
    this.following = true;
  }

  /** Frame `frame` of `frames` starts: the run's slots (made on its first frame), this one running. */
  start(frame: number, frames: number): void {
    if (this.slotList.length !== frames) {
      const old = new Map(this.slotList.map((s) => [s.frame, s]));
      this.slotList = Array.from({ length: frames }, (_, i) => old.get(i + 1) ?? { frame: i + 1, state: 'waiting' as SlotState });
    }
    const slot = this.slotList[frame - 1];
    if (!slot) return;
    slot.state = 'running';
    if (this.following) this.showing = frame;
  }

  /** A frame finished; true when the preview (following the run) should show it. */
  finish(result: FrameResult): boolean {
    if (this.slotList.length !== result.frames) this.start(result.frame, result.frames);
    const slot = this.slotList[result.frame - 1];
    if (!slot) return false;
    slot.state = 'done';
    slot.result = result;
    if (this.following) this.showing = result.frame;
    return this.following;
  }

  /** The run ended: the frames that did not finish (a Stop) leave the strip; the finished ones stay. */
  end(): void {
    this.slotList = this.slotList.filter((s) => s.state === 'done');
    this.following = true;
  }

  /** The user picked a frame: its result to show large (undefined for a frame that has not finished); picking the running frame follows the run again. */
  pick(frame: number): FrameResult | undefined {
    const slot = this.slotList.find((s) => s.frame === frame);
    if (!slot) return undefined;
    if (slot.state === 'running') {
      this.following = true;
      this.showing = frame;
      return undefined;
    }
    if (slot.state !== 'done') return undefined;
    this.following = this.slotList.every((s) => s.state !== 'running');
    this.showing = frame;
    return slot.result;
  }

  /** The last finished frame's result (what a frame run's record keeps). */
  lastResult(): FrameResult | undefined {
    return [...this.slotList].reverse().find((s) => s.result)?.result;
  }
}

/**
 * A frame run's progress counted on across frames: each frame's iterations and milliseconds
 * (from 1 and 0 at its start) after those of the frames before it, of the whole run's iterations.
 */
export class FrameRunClock {
  private iterationOffset = 0;
  private msOffset = 0;
  private last = { iteration: 0, ms: 0 };

  constructor(private readonly total: number) {}

  /** A frame starts: the frames before it are behind. Returns the run's iteration it starts after. */
  startFrame(): number {
    this.iterationOffset += this.last.iteration;
    this.msOffset += this.last.ms;
    this.last = { iteration: 0, ms: 0 };
    return this.iterationOffset;
  }

  /** One of the frame's progress events, as one of the whole run's. */
  progress(e: ProgressEvent): ProgressEvent {
    this.last = { iteration: e.iteration, ms: e.ms };
    return { ...e, iteration: this.iterationOffset + e.iteration, iterations: Math.max(this.total, this.iterationOffset + e.iterations), ms: this.msOffset + e.ms };
  }

  /** The run's iteration of a frame's iteration. */
  iteration(frameIteration: number): number {
    return this.iterationOffset + frameIteration;
  }
}
