/** Entries of ours at the top of the canvas's right-click menu (on empty canvas): Add term…, Arrange. */
import type { LGraphCanvas } from '@comfyorg/litegraph';

export interface CanvasMenuEntry {
  content: string;
  disabled?: boolean;
  has_submenu?: boolean;
  submenu?: { options: CanvasMenuEntry[] };
  callback?: () => void;
}

/** Puts `entries()` first in the canvas menu (after whatever else builds that menu), then a separator. */
export function addCanvasMenuEntries(canvas: LGraphCanvas, entries: () => CanvasMenuEntry[]): void {
  const base = canvas.getCanvasMenuOptions.bind(canvas);
  canvas.getCanvasMenuOptions = () => {
    const ours = entries();
    const options = base();
    return (ours.length > 0 ? [...ours, null, ...options] : options) as typeof options;
  };
}
