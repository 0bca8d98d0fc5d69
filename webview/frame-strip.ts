/**
 * `#frame-strip`: a frame run's frames under the preview (frame-strip-model.ts keeps its state).
 * One button per frame of the run (`.frame-thumb`, `data-frame`, `data-state` waiting | running |
 * done) with the finished frame's thumbnail; the frame the preview shows has `aria-current`.
 * Clicking a finished frame shows its result large; clicking the running one follows the run again.
 */
import type { FrameResult } from '../src/core/protocol/engine-messages';
import type { RawImage } from '../src/core/image/raw-image';
import { el } from './dom';
import { drawImage } from './browser-images';
import { FrameStripModel } from './frame-strip-model';

function thumbTitle(result: FrameResult | undefined, frame: number, frames: number): string {
  if (!result) return `frame ${frame} of ${frames}`;
  const temporal = result.temporalError === undefined ? '' : ` · temporal error ${result.temporalError.toFixed(1)}`;
  return `frame ${frame} of ${frames} (source frame ${result.sourceIndex + 1}) · loss ${result.loss.toPrecision(4)}${temporal} · ${result.seconds.toFixed(1)} s`;
}

/** `show`: draws a frame's result in the large preview (`frame`, its run iteration being unknown here). */
export function createFrameStrip(show: (image: RawImage, frame: number) => void) {
  const model = new FrameStripModel();
  const caption = el('span', { class: 'frame-strip-caption' });
  const list = el('div', { class: 'frame-thumbs', role: 'list' });
  const element = el('div', { id: 'frame-strip', hidden: '', 'data-frames': '0', 'data-done': '0' }, caption, list);
  const buttons = new Map<number, HTMLButtonElement>();

  function thumbFor(frame: number): HTMLButtonElement {
    let button = buttons.get(frame);
    if (!button) {
      button = el('button', { class: 'frame-thumb', 'data-frame': String(frame), role: 'listitem' },
        el('canvas', { width: '1', height: '1' }), el('span', { class: 'frame-number' }, String(frame)));
      button.addEventListener('click', () => {
        const result = model.pick(frame);
        if (result) show(result.image, frame);
        render();
      });
      buttons.set(frame, button);
    }
    return button;
  }

  function render(): void {
    const slots = model.slots;
    const done = slots.filter((s) => s.state === 'done').length;
    const frames = slots.length;
    for (const [frame, button] of buttons) if (!slots.some((s) => s.frame === frame)) {
      button.remove();
      buttons.delete(frame);
    }
    list.replaceChildren(...slots.map((slot) => {
      const button = thumbFor(slot.frame);
      button.dataset.state = slot.state;
      button.title = thumbTitle(slot.result, slot.frame, frames);
      button.disabled = slot.state === 'waiting';
      if (model.shown === slot.frame) button.setAttribute('aria-current', 'true');
      else button.removeAttribute('aria-current');
      return button;
    }));
    element.hidden = frames === 0;
    element.dataset.frames = String(frames);
    element.dataset.done = String(done);
    element.dataset.shown = String(model.shown ?? '');
    caption.textContent = frames ? `frames: ${done} of ${frames} done${model.shown ? ` · showing ${model.shown}` : ''}` : '';
  }

  return {
    element,
    /** Whether the running frame's previews go to the large preview (the user has not picked another frame). */
    get followsRun(): boolean {
      return model.followsRun;
    },
    /** A frame run starts: the strip empties (it shows again at the first frame). */
    reset(): void {
      model.reset();
      buttons.clear();
      render();
    },
    /** A single-image run: no strip. */
    clear(): void {
      this.reset();
    },
    start(frame: number, frames: number): void {
      model.start(frame, frames);
      render();
    },
    /** A frame finished: its thumbnail; true when the large preview follows the run (it shows this frame). */
    finish(result: FrameResult): boolean {
      const follows = model.finish(result);
      drawImage(thumbFor(result.frame).querySelector('canvas')!, result.image);
      render();
      return follows;
    },
    /** The run ended: unfinished frames leave the strip. */
    end(): void {
      model.end();
      render();
    },
    lastResult: (): FrameResult | undefined => model.lastResult(),
  };
}

export type FrameStrip = ReturnType<typeof createFrameStrip>;
