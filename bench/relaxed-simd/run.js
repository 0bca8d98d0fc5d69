'use strict';
/* global WebAssembly, __filename */
// Single-threaded SGEMM in wasm SIMD, multiply-then-add against relaxed-SIMD FMA, checked against a
// float64 JS reference, next to tfjs-wasm's own (XNNPACK) matMul and conv2d at the same FLOPs.
// Usage: node bench/relaxed-simd/run.js [--quick]   (re-runs itself with --experimental-wasm-relaxed-simd)

const { spawnSync } = require('node:child_process');
const { dirname, join } = require('node:path');
const { performance } = require('node:perf_hooks');
const { gemmModule } = require('./gemm-wasm');

const FLAG = '--experimental-wasm-relaxed-simd';
if (!process.execArgv.includes(FLAG)) {
  const child = spawnSync(process.execPath, [FLAG, ...process.execArgv, __filename, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(child.status ?? 1);
}

const QUICK = process.argv.includes('--quick');
// The VGG-19 im2col GEMMs: conv1_2 at 64x64 (M=64*64, K=3*3*64, N=64) and conv3_x at 128x128 (M=32*32, K=3*3*256, N=256).
const CASES = [
  { label: 'conv1_2 @64x64', m: 4096, k: 576, n: 64, conv: { h: 64, w: 64, cin: 64, cout: 64 } },
  { label: 'conv3_x @128x128', m: 1024, k: 2304, n: 256, conv: { h: 32, w: 32, cin: 256, cout: 256 } },
];
// packA: false reads A in place (row-major), as an implicit-GEMM convolution would, with no packing pass.
const KERNELS = [
  { mr: 4, nr: 8, packA: true }, { mr: 4, nr: 8, packA: false }, { mr: 2, nr: 16, packA: true },
  { mr: 6, nr: 8, packA: true }, { mr: 4, nr: 12, packA: true }, { mr: 3, nr: 16, packA: true }, { mr: 8, nr: 8, packA: true },
];
const ROUNDS = QUICK ? 2 : 5;
const SECONDS_PER_TIMING = QUICK ? 0.1 : 0.3;

/** Deterministic values in [-1, 1). */
function randomArray(length, seed) {
  const out = new Float32Array(length);
  let s = seed >>> 0;
  for (let i = 0; i < length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

/** C0 + A B in float64, and per element the sum of |a_ik b_kj| (the scale of its rounding error). */
function reference(a, b, c0, m, k, n) {
  const ref = new Float64Array(m * n);
  const scale = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    const r = i * n;
    for (let j = 0; j < n; j++) ref[r + j] = c0[r + j];
    for (let p = 0; p < k; p++) {
      const x = a[i * k + p];
      const bRow = p * n;
      for (let j = 0; j < n; j++) {
        ref[r + j] += x * b[bRow + j];
        scale[r + j] += Math.abs(x * b[bRow + j]);
      }
    }
  }
  return { ref, scale };
}

/** The fraction of elements where x and y differ. */
function differing(x, y) {
  let count = 0;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) count++;
  return count / x.length;
}

/** How many calls of `fn` fill SECONDS_PER_TIMING (after one warm-up call). */
function callsPerTiming(fn) {
  fn();
  for (let calls = 1; ; calls *= 2) {
    const start = performance.now();
    for (let i = 0; i < calls; i++) fn();
    if (performance.now() - start > SECONDS_PER_TIMING * 1000) return calls;
  }
}

/**
 * Best time per call (ms) of each of `timings` ({ fn }), measured round-robin over ROUNDS rounds so
 * that load from other processes on this shared machine falls on all of them alike.
 */
function bestMsInterleaved(timings) {
  const calls = timings.map(({ fn }) => callsPerTiming(fn));
  const best = timings.map(() => Infinity);
  for (let round = 0; round < ROUNDS; round++) {
    timings.forEach(({ fn }, t) => {
      const start = performance.now();
      for (let i = 0; i < calls[t]; i++) fn();
      best[t] = Math.min(best[t], (performance.now() - start) / calls[t]);
    });
  }
  return best;
}

/** A GEMM over packed panels: packing in JS (timed apart), the blocked loops around the wasm kernel. */
class PackedGemm {
  constructor({ mr, nr, fma, packA }, { m, k, n }) {
    this.mr = mr;
    this.packed = packA;
    this.nr = nr;
    this.m = m;
    this.k = k;
    this.n = n;
    // kc: B's micro-panel (kc x nr) stays in L1; mc: A's block (mc x kc) in L2.
    this.kc = [k, 512, 384, 288, 256, 192].find((kc) => kc <= 512 && k % kc === 0);
    this.mPanels = Math.ceil(m / mr);
    this.nPanels = Math.ceil(n / nr);
    this.mcPanels = Math.max(1, Math.floor(192 * 1024 / (this.kc * 4) / mr));
    const floats = { a: this.mPanels * mr * k, b: this.nPanels * nr * k, c: this.mPanels * mr * this.nPanels * nr };
    const bytes = 4 * (floats.a + floats.b + floats.c);
    this.memory = new WebAssembly.Memory({ initial: Math.ceil(bytes / 65536) + 1 });
    const instance = new WebAssembly.Instance(new WebAssembly.Module(gemmModule({ mr, nr, fma, lda: packA ? undefined : k })), { env: { memory: this.memory } });
    this.block = instance.exports.block;
    this.aOffset = 0;
    this.bOffset = 4 * floats.a;
    this.cOffset = this.bOffset + 4 * floats.b;
    const buffer = this.memory.buffer;
    this.aPacked = new Float32Array(buffer, this.aOffset, floats.a);
    this.bPacked = new Float32Array(buffer, this.bOffset, floats.b);
    this.c = new Float32Array(buffer, this.cOffset, floats.c);
    this.ldc = this.nPanels * nr;
  }

  /** A (m x k, row-major) into [k block][row panel][k][mr], rows past m zero; unpacked, a plain copy. */
  packA(a) {
    const { mr, m, k, kc, mPanels } = this;
    if (!this.packed) {
      this.aPacked.set(a);
      return;
    }
    let o = 0;
    for (let p0 = 0; p0 < k; p0 += kc) {
      for (let panel = 0; panel < mPanels; panel++) {
        for (let p = p0; p < p0 + kc; p++) {
          for (let r = 0; r < mr; r++) {
            const i = panel * mr + r;
            this.aPacked[o++] = i < m ? a[i * k + p] : 0;
          }
        }
      }
    }
  }

  /** B (k x n, row-major) into [k block][column panel][k][nr], columns past n zero. */
  packB(b) {
    const { nr, n, k, kc, nPanels } = this;
    let o = 0;
    for (let p0 = 0; p0 < k; p0 += kc) {
      for (let panel = 0; panel < nPanels; panel++) {
        for (let p = p0; p < p0 + kc; p++) {
          for (let col = 0; col < nr; col++) {
            const j = panel * nr + col;
            this.bPacked[o++] = j < n ? b[p * n + j] : 0;
          }
        }
      }
    }
  }

  setC(c0) {
    for (let i = 0; i < this.m; i++) this.c.set(c0.subarray(i * this.n, (i + 1) * this.n), i * this.ldc);
  }

  /** C += A B over the packed operands. */
  run() {
    const { mr, nr, k, kc, mPanels, nPanels, mcPanels, ldc } = this;
    for (let p0 = 0, kBlock = 0; p0 < k; p0 += kc, kBlock++) {
      const aBlock = this.aOffset + 4 * (this.packed ? kBlock * mPanels * mr * kc : p0);
      const bBlock = this.bOffset + 4 * kBlock * nPanels * nr * kc;
      for (let panel = 0; panel < mPanels; panel += mcPanels) {
        const panels = Math.min(mcPanels, mPanels - panel);
        this.block(aBlock + 4 * panel * mr * (this.packed ? kc : k), bBlock, this.cOffset + 4 * panel * mr * ldc, panels, nPanels, kc, 4 * ldc);
      }
    }
  }

  /** Largest |c - ref| / sum_k |a_ik b_kj| over C's m x n elements (1 ulp of float32 is 6e-8). */
  maxError({ ref, scale }) {
    let worst = 0;
    for (let i = 0; i < this.m; i++) {
      for (let j = 0; j < this.n; j++) {
        const e = Math.abs(this.c[i * this.ldc + j] - ref[i * this.n + j]) / scale[i * this.n + j];
        worst = Math.max(worst, e);
      }
    }
    return worst;
  }
}

async function startTfjsWasm() {
  const tf = require('@tensorflow/tfjs-core');
  const wasm = require('@tensorflow/tfjs-backend-wasm');
  // The same paths as src/node/backend.ts; one thread is tfjs's own build (XNNPACK, 128-bit SIMD, no FMA).
  wasm.setWasmPaths(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/');
  tf.enableProdMode();
  if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend failed to start');
  await tf.ready();
  if (wasm.getThreadsCount() !== 1) throw new Error(`tfjs-wasm runs ${wasm.getThreadsCount()} threads, expected 1`);
  return tf;
}

/** tfjs-wasm's matMul and 3x3 'same' conv2d with the case's FLOPs, each timed with its output read back. */
function tfjsTimings(tf, { m, k, n, conv }) {
  const a = tf.tensor2d(randomArray(m * k, 1), [m, k]);
  const b = tf.tensor2d(randomArray(k * n, 2), [k, n]);
  const x = tf.tensor4d(randomArray(conv.h * conv.w * conv.cin, 3), [1, conv.h, conv.w, conv.cin]);
  const f = tf.tensor4d(randomArray(9 * conv.cin * conv.cout, 4), [3, 3, conv.cin, conv.cout]);
  const timed = (label, op) => ({
    label,
    fn: () => {
      const y = op();
      y.dataSync();
      y.dispose();
    },
  });
  return [timed('tfjs-wasm matMul', () => tf.matMul(a, b)), timed('tfjs-wasm conv2d 3x3', () => tf.conv2d(x, f, 1, 'same'))];
}

async function main() {
  console.log(`node ${process.version}, ${FLAG}, one thread, best of ${ROUNDS} interleaved rounds${QUICK ? ' (--quick)' : ''}`);
  const tf = await startTfjsWasm();
  for (const shape of CASES) {
    const { label, m, k, n } = shape;
    const a = randomArray(m * k, 1);
    const b = randomArray(k * n, 2);
    const c0 = randomArray(m * n, 5);
    const expected = reference(a, b, c0, m, k, n);
    const gflop = (2 * m * k * n) / 1e9;
    const timings = tfjsTimings(tf, shape);
    for (const tile of KERNELS) {
      let mulAdd;
      for (const fma of [false, true]) {
        const gemm = new PackedGemm({ ...tile, fma }, shape);
        gemm.packB(b);
        gemm.packA(a);
        gemm.setC(c0);
        gemm.run();
        const error = gemm.maxError(expected);
        // A fused multiply-add rounds once: results that differ from mul+add show relaxed_madd ran as FMA.
        const fused = fma ? `, ${(100 * differing(gemm.c, mulAdd)).toFixed(0)}% of C differs from mul+add` : '';
        mulAdd = gemm.c.slice();
        const name = `${tile.mr}x${tile.nr} ${tile.packA ? 'packed A' : 'A in place'} ${fma ? 'relaxed_madd' : 'mul+add'}`;
        timings.push({ label: name, error, fused, fn: () => gemm.run() });
        if (!fma) timings.push({ label: `  (${tile.packA ? 'packA' : 'copy A'} in JS)`, fn: () => gemm.packA(a) });
      }
    }
    const ms = bestMsInterleaved(timings);
    console.log(`\n${label}: C[${m}x${n}] += A[${m}x${k}] B[${k}x${n}], ${gflop.toFixed(3)} GFLOP`);
    timings.forEach(({ label: name, error, fused }, t) => {
      const rate = name.startsWith(' ') ? '' : `${(gflop / (ms[t] / 1e3)).toFixed(1).padStart(5)} GFLOP/s`;
      const check = error === undefined ? '' : `  max error ${error.toExponential(1)}${fused}`;
      console.log(`  ${name.padEnd(34)} ${ms[t].toFixed(2).padStart(7)} ms ${rate}${check}`);
    });
  }
}
main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
