// Makes examples/samples/pan/: 24 frames of a slow pan over samples/chelsea.png (halved, a 160x120
// window moving 2 px right a frame), the frame folder of examples/video.stylegraph.json.
// Run: node scripts/make-pan-frames.mjs
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';

const root = join(import.meta.dirname, '..', 'examples', 'samples');
const source = PNG.sync.read(readFileSync(join(root, 'chelsea.png')));
const [w, h] = [Math.floor(source.width / 2), Math.floor(source.height / 2)];
// A 2x2 box average: the source at half size.
const half = new Float32Array(w * h * 3);
for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let c = 0; c < 3; c++) {
  let sum = 0;
  for (const [dy, dx] of [[0, 0], [0, 1], [1, 0], [1, 1]]) sum += source.data[((2 * y + dy) * source.width + 2 * x + dx) * 4 + c];
  half[(y * w + x) * 3 + c] = sum / 4;
}
const out = join(root, 'pan');
mkdirSync(out, { recursive: true });
const [fw, fh] = [160, 120];
const top = Math.floor((h - fh) / 2);
for (let k = 0; k < 24; k++) {
  const frame = new PNG({ width: fw, height: fh });
  for (let y = 0; y < fh; y++) for (let x = 0; x < fw; x++) {
    for (let c = 0; c < 3; c++) frame.data[(y * fw + x) * 4 + c] = Math.round(half[((top + y) * w + 10 + 2 * k + x) * 3 + c]);
    frame.data[(y * fw + x) * 4 + 3] = 255;
  }
  writeFileSync(join(out, `frame${k + 1}.png`), PNG.sync.write(frame));
}
