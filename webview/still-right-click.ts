/**
 * litegraph opens a node's or the canvas's menu when a right-click ends as a click, and takes any
 * pointermove more than 150 ms after the pointerdown for the start of a drag, even one that has
 * not moved (CanvasPointer.bufferTime). So a right-click held a moment while the hand moves a
 * pixel, or one during which Chrome sends its own pointermove (it does after a layout change
 * under a held button, as after a menu action on a busy page), opened no menu. While the right
 * button alone is held, moves within litegraph's click drift are kept from the canvas: only a
 * real drag counts as one.
 */

/** litegraph's CanvasPointer.maxClickDrift: how far (CSS px) a click may move and stay a click. */
export const CLICK_DRIFT = 6;

interface PointerLike {
  readonly button: number;
  readonly buttons: number;
  readonly clientX: number;
  readonly clientY: number;
  readonly target: unknown;
  stopPropagation(): void;
}

/** The decision, apart from the DOM: `down`, `move` and `up` take the pointer events in capture order. */
export function createStillRightClick(canvas: unknown, drift = CLICK_DRIFT) {
  let start: readonly [number, number] | undefined;
  return {
    down(e: PointerLike): void {
      start = e.button === 2 && e.target === canvas ? [e.clientX, e.clientY] : undefined;
    },
    /** True when the move was kept from the canvas. */
    move(e: PointerLike): boolean {
      if (!start || e.buttons !== 2) return false;
      const [dx, dy] = [e.clientX - start[0], e.clientY - start[1]];
      if (dx * dx + dy * dy > drift * drift) {
        start = undefined;
        return false;
      }
      e.stopPropagation();
      return true;
    },
    up(): void {
      start = undefined;
    },
  };
}

/** The part of the canvas's parent element this listens on (typed here so tests compile without the DOM). */
interface EventTargetLike {
  addEventListener(type: 'pointerdown' | 'pointermove' | 'pointerup' | 'pointercancel', listener: (e: PointerLike) => void, capture: boolean): void;
}

/** Installs it on the canvas's parent `box`, in the capture phase, before litegraph's own handlers on `canvas`. */
export function keepRightClicksStill(box: EventTargetLike, canvas: unknown): void {
  const still = createStillRightClick(canvas);
  box.addEventListener('pointerdown', (e) => still.down(e), true);
  box.addEventListener('pointermove', (e) => still.move(e), true);
  for (const type of ['pointerup', 'pointercancel'] as const) box.addEventListener(type, () => still.up(), true);
}
