/**
 * A double click on the canvas is two clicks on the same thing. litegraph's CanvasPointer pairs any
 * two clicks less than 300 ms and 18 px apart on screen, whatever each landed on: a click on a node
 * right after a click on the empty canvas beside it, or on another node just above it, or on a node
 * that the view moved under the pointer in between, was taken for the double click of the first
 * and lost (the node was not selected; on the empty canvas, the node search opened instead). Here,
 * before litegraph sees a pointerdown, the last click is forgotten when this one is on something
 * else (another node, or the empty canvas after a node) or in another view (canvas-view.ts calls
 * this from a capture listener on the canvas's parent). DOM-free: tested in Node with litegraph's
 * own CanvasPointer.
 */
/** What a click is on, in which view: two clicks may make a double click only when their keys are equal. */
export function clickKey(nodeId: string | undefined, view: { scale: number; offset: readonly number[] }): string {
  return `${nodeId ?? ''}@${view.scale},${view.offset[0]},${view.offset[1]}`;
}

/** The part of litegraph's pointer this touches: the pointerdown of the last click, which a double click pairs with. */
export interface LastDown {
  eLastDown?: unknown;
}

/**
 * Keeps the key of the last pointerdown; `down(key)` is called for each pointerdown before
 * litegraph's own handler, and forgets litegraph's last click when the key changed.
 */
export function createClickPairing(pointer: LastDown) {
  let last: string | undefined;
  return {
    down(key: string): void {
      if (key !== last) pointer.eLastDown = undefined;
      last = key;
    },
  };
}
