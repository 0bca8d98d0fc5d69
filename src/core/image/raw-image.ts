import * as tf from '@tensorflow/tfjs-core';

/** Decoded pixels, RGBA 8-bit, row-major: what PNG codecs and canvas ImageData use. */
export interface RawImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/**
 * A 1xHxWx3 float tensor (RGB 0-255) from RGBA pixels; alpha is dropped. Written straight into one
 * float array: through tfjs ops (an int32 RGBA tensor, a slice, a cast) a 64-megapixel image held
 * three large copies at once and took seconds on the main thread.
 */
export function rawToTensor(raw: RawImage): tf.Tensor4D {
  const rgb = new Float32Array(raw.width * raw.height * 3);
  for (let i = 0, j = 0; j < rgb.length; i += 4, j += 3) {
    rgb[j] = raw.data[i]!;
    rgb[j + 1] = raw.data[i + 1]!;
    rgb[j + 2] = raw.data[i + 2]!;
  }
  return tf.tensor4d(rgb, [1, raw.height, raw.width, 3]);
}

/** RGBA pixels from a 1xHxWx3 tensor, clipped to 0-255 and rounded. */
export async function tensorToRaw(image: tf.Tensor4D): Promise<RawImage> {
  const [, height, width] = image.shape;
  const rgb = tf.tidy(() => tf.round(tf.clipByValue(image, 0, 255)));
  const values = await rgb.data();
  rgb.dispose();
  const data = new Uint8Array(width * height * 4);
  for (let i = 0, j = 0; i < values.length; i += 3, j += 4) {
    data[j] = values[i]!;
    data[j + 1] = values[i + 1]!;
    data[j + 2] = values[i + 2]!;
    data[j + 3] = 255;
  }
  return { width, height, data };
}
