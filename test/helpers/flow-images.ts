import * as tf from '@tensorflow/tfjs-core';

/** A smooth texture with detail at several scales (what optical flow needs to lock on). */
export const texture = (x: number, y: number) => 128 + 50 * Math.sin(x * 0.31) * Math.cos(y * 0.27) + 35 * Math.sin((x + 2 * y) * 0.13) + 20 * Math.cos((x - y) * 0.45);
/** An h x w RGB image whose pixel (x, y) is f(x, y) in every channel. */
export const image = (h: number, w: number, f: (x: number, y: number) => number) => tf.tensor4d(Array.from({ length: h * w }, (_, i) => { const g = f(i % w, Math.floor(i / w)); return [g, g, g]; }).flat(), [1, h, w, 3]);
