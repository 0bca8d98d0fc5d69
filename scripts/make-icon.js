// Draws the extension's icon, media/icon.png (128x128 RGBA): a small node graph, two image nodes
// (a content thumbnail and a style swatch) wired into a third node that holds the stylised result,
// on a rounded tile. Drawn at 4x and box-filtered down (anti-aliasing) with pngjs only, so the
// picture is reproducible: `node scripts/make-icon.js` rewrites the committed file byte for byte.
const fs = require('node:fs');
const path = require('node:path');
const { PNG } = require('pngjs');

const SIZE = 128;
const SCALE = 4;
const N = SIZE * SCALE;

/** A straight-alpha RGBA canvas of N x N floats (0..1) with "over" compositing. */
const canvas = new Float64Array(N * N * 4);
function blend(x, y, [r, g, b], a) {
  if (x < 0 || y < 0 || x >= N || y >= N || a <= 0) return;
  const i = (y * N + x) * 4;
  const da = canvas[i + 3];
  const oa = a + da * (1 - a);
  for (const [k, c] of [[0, r], [1, g], [2, b]]) canvas[i + k] = (c * a + canvas[i + k] * da * (1 - a)) / oa;
  canvas[i + 3] = oa;
}
const hex = (h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16) / 255);
const mix = (p, q, t) => p.map((v, i) => v + (q[i] - v) * t);

/** Fills a rounded rectangle (icon units: 0..128) with a colour or a function of (u, v) in 0..1. */
function roundRect(x0, y0, w, h, radius, fill, alpha = 1) {
  const [X0, Y0, W, H, R] = [x0, y0, w, h, radius].map((v) => v * SCALE);
  for (let y = Math.floor(Y0); y < Math.ceil(Y0 + H); y++) {
    for (let x = Math.floor(X0); x < Math.ceil(X0 + W); x++) {
      const px = x + 0.5;
      const py = y + 0.5;
      const dx = Math.max(X0 + R - px, 0, px - (X0 + W - R));
      const dy = Math.max(Y0 + R - py, 0, py - (Y0 + H - R));
      if (dx * dx + dy * dy > R * R || px < X0 || py < Y0 || px > X0 + W || py > Y0 + H) continue;
      blend(x, y, typeof fill === 'function' ? fill((px - X0) / W, (py - Y0) / H) : fill, alpha);
    }
  }
}

function disc(cx, cy, radius, colour, alpha = 1) {
  const [CX, CY, R] = [cx, cy, radius].map((v) => v * SCALE);
  for (let y = Math.floor(CY - R); y <= Math.ceil(CY + R); y++) {
    for (let x = Math.floor(CX - R); x <= Math.ceil(CX + R); x++) {
      if ((x + 0.5 - CX) ** 2 + (y + 0.5 - CY) ** 2 <= R * R) blend(x, y, colour, alpha);
    }
  }
}

/** A wire: a horizontal-tangent cubic from (x0, y0) to (x1, y1), as litegraph draws links. */
function wire(x0, y0, x1, y1, width, colour) {
  const bend = (x1 - x0) * 0.5;
  const mask = new Uint8Array(N * N);
  for (let i = 0; i <= 400; i++) {
    const t = i / 400;
    const s = 1 - t;
    const x = s ** 3 * x0 + 3 * s * s * t * (x0 + bend) + 3 * s * t * t * (x1 - bend) + t ** 3 * x1;
    const y = s ** 3 * y0 + 3 * s * s * t * y0 + 3 * s * t * t * y1 + t ** 3 * y1;
    const [CX, CY, R] = [x, y, width / 2].map((v) => v * SCALE);
    for (let py = Math.floor(CY - R); py <= Math.ceil(CY + R); py++) {
      for (let px = Math.floor(CX - R); px <= Math.ceil(CX + R); px++) {
        if (px >= 0 && py >= 0 && px < N && py < N && (px + 0.5 - CX) ** 2 + (py + 0.5 - CY) ** 2 <= R * R) mask[py * N + px] = 1;
      }
    }
  }
  mask.forEach((m, i) => m && blend(i % N, Math.floor(i / N), colour, 1));
}

// The tile: a diagonal gradient from deep blue to violet.
const [tileA, tileB] = [hex('#1d2b4f'), hex('#4a2a6e')];
roundRect(2, 2, 124, 124, 22, (u, v) => mix(tileA, tileB, (u + v) / 2));

// Node bodies (the editor's dark node colour) with a title bar.
const body = hex('#2b2f3a');
const title = hex('#3d4454');
function node(x, y, w, h) {
  roundRect(x + 1.5, y + 2.5, w, h, 6, [0, 0, 0], 0.35); // shadow
  roundRect(x, y, w, h, 6, body);
  roundRect(x, y, w, 9, 6, title);
  roundRect(x, y + 5, w, 4, 0, title);
}

// Content node: a small landscape (sky, sun, hills).
node(12, 16, 40, 38);
const [sky0, sky1, hill, sun] = [hex('#7fb7e6'), hex('#cfe6f7'), hex('#3f8f5a'), hex('#ffd34d')];
roundRect(16, 28, 32, 22, 3, (u, v) => (v > 0.62 + 0.18 * Math.sin(u * 5.5) ? hill : mix(sky0, sky1, v)));
disc(39, 34, 4, sun);

// Style node: swirling brush strokes (a Starry-Night-like swatch).
node(12, 70, 40, 38);
const [deep, mid, gold] = [hex('#1b3a8a'), hex('#3f6fd1'), hex('#f2c14e')];
roundRect(16, 82, 32, 22, 3, (u, v) => {
  const a = Math.sin(u * 9 + Math.sin(v * 7) * 2) * Math.cos(v * 8 - u * 3);
  return a > 0.55 ? gold : mix(deep, mid, (a + 1) / 2);
});

// Result node: the landscape in the style's colours.
node(74, 38, 42, 48);
roundRect(78, 50, 34, 32, 3, (u, v) => {
  const a = Math.sin(u * 9 + Math.sin(v * 7) * 2) * Math.cos(v * 8 - u * 3);
  const ground = v > 0.62 + 0.18 * Math.sin(u * 5.5);
  const base = ground ? mix(hex('#1f5a4a'), hex('#2f8f6a'), (a + 1) / 2) : mix(deep, mid, (a + 1) / 2);
  return a > 0.6 ? gold : base;
});
disc(103, 58, 4, gold);

// Wires from the two nodes' outputs into the result's inputs, with port dots (image: orange; style: teal).
const [orange, teal] = [hex('#f0a04b'), hex('#4fd1c5')];
wire(52, 40, 74, 58, 3.2, orange);
wire(52, 94, 74, 70, 3.2, teal);
for (const [x, y, c] of [[52, 40, orange], [74, 58, orange], [52, 94, teal], [74, 70, teal]]) disc(x, y, 3.4, c);

// Box-filter 4x4 samples into the 128x128 image (premultiplied while averaging).
const png = new PNG({ width: SIZE, height: SIZE });
for (let y = 0; y < SIZE; y++) {
  for (let x = 0; x < SIZE; x++) {
    const sum = [0, 0, 0, 0];
    for (let sy = 0; sy < SCALE; sy++) {
      for (let sx = 0; sx < SCALE; sx++) {
        const i = ((y * SCALE + sy) * N + x * SCALE + sx) * 4;
        const a = canvas[i + 3];
        for (let k = 0; k < 3; k++) sum[k] += canvas[i + k] * a;
        sum[3] += a;
      }
    }
    const o = (y * SIZE + x) * 4;
    const a = sum[3] / (SCALE * SCALE);
    for (let k = 0; k < 3; k++) png.data[o + k] = sum[3] > 0 ? Math.round((sum[k] / sum[3]) * 255) : 0;
    png.data[o + 3] = Math.round(a * 255);
  }
}
const out = path.join(__dirname, '..', 'media', 'icon.png');
fs.writeFileSync(out, PNG.sync.write(png, { colorType: 6 }));
console.log(`wrote ${path.relative(process.cwd(), out)} (${SIZE}x${SIZE})`);
