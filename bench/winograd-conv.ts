import * as tf from '@tensorflow/tfjs-core';

/**
 * Winograd minimal filtering F(m x m, 3 x 3) (Lavin & Gray 2015): Y = A^T [(G g G^T) * (B^T d B)] A
 * per (m+2) x (m+2) input tile d, overlapping by 2, giving an m x m output tile. Like tf.conv2d it is
 * a cross-correlation.
 */
export interface WinogradTransform {
  readonly m: number;
  /** (m+2) x (m+2): input tile transform. */
  readonly bt: readonly (readonly number[])[];
  /** (m+2) x 3: kernel transform. */
  readonly g: readonly (readonly number[])[];
  /** m x (m+2): output transform. */
  readonly at: readonly (readonly number[])[];
}

export const F2X2_3X3: WinogradTransform = {
  m: 2,
  bt: [[1, 0, -1, 0], [0, 1, 1, 0], [0, -1, 1, 0], [0, 1, 0, -1]],
  g: [[1, 0, 0], [0.5, 0.5, 0.5], [0.5, -0.5, 0.5], [0, 0, 1]],
  at: [[1, 1, 1, 0], [0, 1, -1, -1]],
};

export const F4X4_3X3: WinogradTransform = {
  m: 4,
  bt: [[4, 0, -5, 0, 1, 0], [0, -4, -4, 1, 1, 0], [0, 4, -4, -1, 1, 0], [0, -2, -1, 2, 1, 0], [0, 2, -1, -2, 1, 0], [0, 4, 0, -5, 0, 1]],
  g: [[1 / 4, 0, 0], [-1 / 6, -1 / 6, -1 / 6], [-1 / 6, 1 / 6, -1 / 6], [1 / 24, 1 / 12, 1 / 6], [1 / 24, -1 / 12, 1 / 6], [0, 0, 1]],
  at: [[1, 1, 1, 1, 1, 0], [0, 1, -1, 2, -2, 0], [0, 1, 1, 4, 4, 0], [0, 1, -1, 8, -8, 1]],
};

/** A 3x3 kernel in the transformed domain: (m+2)^2 matrices [Cin, Cout], row-major over the tile. */
export interface WinogradKernel {
  readonly transform: WinogradTransform;
  readonly components: readonly tf.Tensor2D[];
}

/** G g G^T for every (Cin, Cout) pair of a [3, 3, Cin, Cout] kernel; made once per kernel. */
export function winogradKernel(kernel: tf.Tensor4D, transform: WinogradTransform): WinogradKernel {
  const [kh, kw, cin, cout] = kernel.shape;
  if (kh !== 3 || kw !== 3) throw new Error(`winogradKernel: the kernel is ${kh}x${kw}, not 3x3`);
  const n = transform.m + 2;
  const g = tf.tensor2d(transform.g.map((row) => [...row]));
  const components = tf.tidy(() => {
    // Rows first: [n, 3 (kernel columns), Cin*Cout], then columns, which comes out as [n (cols), n (rows), ...].
    const rows = tf.reshape(tf.matMul(g, tf.reshape(kernel, [3, 3 * cin * cout])), [n, 3, cin * cout]);
    const both = tf.matMul(g, tf.reshape(tf.transpose(rows, [1, 0, 2]), [3, n * cin * cout]));
    const u = tf.transpose(tf.reshape(both, [n, n, cin * cout]), [1, 0, 2]);
    return tf.unstack(tf.reshape(u, [n * n, cin, cout])) as tf.Tensor2D[];
  });
  g.dispose();
  return { transform, components };
}

/** Disposes the transformed kernel's tensors. */
export function disposeWinogradKernel(kernel: WinogradKernel): void {
  for (const c of kernel.components) c.dispose();
}

/**
 * conv2d(x, kernel, 1, 'same') for a batch-1 NHWC x, by Winograd: the input transform as slices and
 * sums (no strided slices: tfjs's StridedSlice is a per-element loop), one matMul per transformed
 * component (a batched matMul of more than one matrix is a plain loop on wasm, a single one runs
 * XNNPACK), then the output transform and the interleaving of the output tiles.
 */
export function winogradConv3x3(x: tf.Tensor4D, kernel: WinogradKernel): tf.Tensor4D {
  const [batch, h, w, cin] = x.shape;
  if (batch !== 1) throw new Error(`winogradConv3x3: batch ${batch}, only batch 1 is supported`);
  const { m, bt, at } = kernel.transform;
  const n = m + 2;
  if (kernel.components.length !== n * n || kernel.components[0]!.shape[0] !== cin) {
    throw new Error(`winogradConv3x3: the kernel has ${kernel.components[0]?.shape[0]} input channels, x has ${cin}`);
  }
  const cout = kernel.components[0]!.shape[1];
  const th = Math.ceil(h / m);
  const tw = Math.ceil(w / m);
  return tf.tidy(() => {
    // 'same' padding of 1, plus what makes the last tile whole and lets tileOffsets slice count * m from offset m + 1.
    const padded = tf.pad(tf.reshape(x, [h, w, cin]), [[1, th * m + m - h], [1, tw * m + m - w], [0, 0]]) as tf.Tensor3D;
    const rows = tileOffsets(padded, 0, m, n, th).map((_, i, all) => combine(bt[i]!, all));
    const products: tf.Tensor2D[] = [];
    rows.forEach((row, i) => {
      const cols = tileOffsets(row, 1, m, n, tw);
      for (let j = 0; j < n; j++) {
        const v = tf.reshape(combine(bt[j]!, cols), [th * tw, cin]);
        products.push(tf.matMul(v, kernel.components[i * n + j]!));
      }
    });
    const outRows = at.map((coefs) => Array.from({ length: n }, (_, j) => combine(coefs, products.filter((_, k) => k % n === j))));
    const tiles = outRows.map((row) => tf.stack(at.map((coefs) => tf.reshape(combine(coefs, row), [th, tw, cout])), 2));
    const y = tf.reshape(tf.stack(tiles, 1), [1, th * m, tw * m, cout]);
    return (th * m === h && tw * m === w ? y : tf.slice(y, [0, 0, 0, 0], [1, h, w, cout])) as tf.Tensor4D;
  });
}

/**
 * For offsets a = 0..n-1 along `axis` (0 or 1) of a [H, W, C] tensor: the elements at a, a+m, ...,
 * a+m(count-1), each as a [.., count, ..] tensor. A contiguous slice reshaped so that the wanted
 * elements are one index of a new axis, then sliced: two copies, but fast ones.
 */
function tileOffsets(t: tf.Tensor3D, axis: 0 | 1, m: number, n: number, count: number): tf.Tensor3D[] {
  const [a0, a1, c] = t.shape;
  return Array.from({ length: n }, (_, a) => {
    const begin: [number, number, number] = axis === 0 ? [a, 0, 0] : [0, a, 0];
    const span = tf.slice(t, begin, axis === 0 ? [count * m, a1, c] : [a0, count * m, c]);
    const split = tf.reshape(span, axis === 0 ? [count, m, a1, c] : [a0, count, m, c]);
    const picked = tf.slice(split, [0, 0, 0, 0], axis === 0 ? [count, 1, a1, c] : [a0, count, 1, c]);
    return tf.reshape(picked, axis === 0 ? [count, a1, c] : [a0, count, c]);
  });
}

/** sum_j coefs[j] * xs[j], one addN for the positive and one for the negative terms. */
function combine<T extends tf.Tensor>(coefs: readonly number[], xs: readonly T[]): T {
  const scaled = (j: number) => (Math.abs(coefs[j]!) === 1 ? xs[j]! : tf.mul(xs[j]!, Math.abs(coefs[j]!)));
  const sum = (sign: number): tf.Tensor | undefined => {
    const terms = coefs.flatMap((c, j) => (Math.sign(c) === sign ? [scaled(j)] : []));
    return terms.length === 0 ? undefined : terms.length === 1 ? terms[0] : tf.addN(terms);
  };
  const plus = sum(1);
  const minus = sum(-1);
  if (plus === undefined) return (minus === undefined ? tf.zerosLike(xs[0]!) : tf.neg(minus)) as T;
  return (minus === undefined ? plus : tf.sub(plus, minus)) as T;
}
