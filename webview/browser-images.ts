/** RGBA pixels (core's RawImage) and the browser's images: decoded from a webview URI, drawn on a 2D canvas, encoded as PNG. */
import type { RawImage } from '../src/core/image/raw-image';

/** Decodes a PNG/JPEG at a webview URI to RGBA pixels with a 2D canvas. */
export async function decodeImage(uri: string): Promise<RawImage> {
  const blob = await (await fetch(uri)).blob();
  const bitmap = await createImageBitmap(blob);
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = canvas.getContext('2d')!;
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  return { width: canvas.width, height: canvas.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

/** Draws RGBA pixels on a 2D canvas, sized to the image. */
export function drawImage(canvas: HTMLCanvasElement, image: RawImage): void {
  canvas.width = image.width;
  canvas.height = image.height;
  const ctx = canvas.getContext('2d')!;
  ctx.putImageData(new ImageData(new Uint8ClampedArray(image.data), image.width, image.height), 0, 0);
}

/** PNG bytes of RGBA pixels. */
export async function encodePng(image: RawImage): Promise<Uint8Array> {
  const canvas = document.createElement('canvas');
  drawImage(canvas, image);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('the browser could not encode a PNG');
  return new Uint8Array(await blob.arrayBuffer());
}
