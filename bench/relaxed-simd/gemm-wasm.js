'use strict';
const { Buffer } = require('node:buffer');
// Emits a WebAssembly module (bytes) with one SGEMM block function, register-blocked MR x NR over
// packed panels, in f32x4 SIMD. `fma` picks f32x4.relaxed_madd (one FMA on x86 with FMA3) instead of
// f32x4.mul + f32x4.add. No toolchain: the module is small enough to encode directly.
//
// block(a, b, c, mPanels, nPanels, kc, ldcBytes): for each of nPanels column panels of B (kc x NR
// floats, k-major) and each of mPanels row panels of A, C[MR x NR] += A B, with C row-major at c (rows
// ldcBytes apart). A is packed (kc x MR floats per panel, k-major) or, with `lda`, read in place from
// row-major rows lda floats apart (what an implicit-GEMM convolution over NHWC input would read).
// Memory is imported as env.memory.

const I32 = 0x7f;
const V128 = 0x7b;

function uleb(n) {
  const out = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

function sleb(n) {
  const out = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    const done = (n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

const section = (id, bytes) => [id, ...uleb(bytes.length), ...bytes];
const vector = (items) => [...uleb(items.length), ...items.flat()];
const name = (s) => vector([...Buffer.from(s, 'utf8')]);

// The instructions used, as byte sequences (SIMD ones carry the 0xfd prefix and a LEB opcode).
const op = {
  loop: [0x03, 0x40],
  end: [0x0b],
  brIf: (depth) => [0x0d, ...uleb(depth)],
  get: (i) => [0x20, ...uleb(i)],
  set: (i) => [0x21, ...uleb(i)],
  tee: (i) => [0x22, ...uleb(i)],
  i32: (n) => [0x41, ...sleb(n)],
  i32Add: [0x6a],
  i32Sub: [0x6b],
  i32Mul: [0x6c],
  v128Load: (offset) => [0xfd, ...uleb(0x00), 4, ...uleb(offset)],
  load32Splat: (offset) => [0xfd, ...uleb(0x09), 2, ...uleb(offset)],
  v128Store: (offset) => [0xfd, ...uleb(0x0b), 4, ...uleb(offset)],
  f32x4Add: [0xfd, ...uleb(0xe4)],
  f32x4Mul: [0xfd, ...uleb(0xe6)],
  f32x4RelaxedMadd: [0xfd, ...uleb(0x105)],
};

/** The module's bytes for an MR x NR kernel (NR a multiple of 4), FMA or multiply-then-add. */
function gemmModule({ mr, nr, fma, lda }) {
  if (nr % 4 !== 0) throw new Error(`nr must be a multiple of 4, got ${nr}`);
  const nv = nr / 4;
  // Parameters 0..6, then i32 locals, then v128 locals.
  const [A, B, C, M_PANELS, N_PANELS, KC, LDC] = [0, 1, 2, 3, 4, 5, 6];
  const [JR, IR, K, AP, BP, CP, ROW] = [7, 8, 9, 10, 11, 12, 13];
  const i32Locals = 7;
  const V = 7 + i32Locals;
  const acc = (i, j) => V + i * nv + j;
  const bv = (j) => V + mr * nv + j;
  const av = V + mr * nv + nv;
  const v128Locals = mr * nv + nv + 1;

  const code = [];
  const emit = (...parts) => parts.forEach((p) => code.push(...p));
  // ROW = CP + i * ldc, for tile row i.
  const rowAddress = (i) => emit(op.get(CP), op.get(LDC), op.i32(i), op.i32Mul, op.i32Add, op.set(ROW));

  emit(op.get(B), op.set(BP), op.get(C), op.set(CP), op.get(N_PANELS), op.set(JR));
  emit(op.loop); // column panels (nPanels >= 1)
  emit(op.get(A), op.set(AP), op.get(M_PANELS), op.set(IR));
  emit(op.loop); // row panels (mPanels >= 1)
  for (let i = 0; i < mr; i++) {
    rowAddress(i);
    for (let j = 0; j < nv; j++) emit(op.get(ROW), op.v128Load(16 * j), op.set(acc(i, j)));
  }
  emit(op.get(KC), op.set(K));
  emit(op.loop); // k (kc >= 1)
  for (let j = 0; j < nv; j++) emit(op.get(BP), op.v128Load(16 * j), op.set(bv(j)));
  for (let i = 0; i < mr; i++) {
    emit(op.get(AP), op.load32Splat(lda ? 4 * i * lda : 4 * i), op.set(av));
    for (let j = 0; j < nv; j++) {
      if (fma) emit(op.get(av), op.get(bv(j)), op.get(acc(i, j)), op.f32x4RelaxedMadd, op.set(acc(i, j)));
      else emit(op.get(acc(i, j)), op.get(av), op.get(bv(j)), op.f32x4Mul, op.f32x4Add, op.set(acc(i, j)));
    }
  }
  emit(op.get(AP), op.i32(lda ? 4 : 4 * mr), op.i32Add, op.set(AP));
  emit(op.get(BP), op.i32(4 * nr), op.i32Add, op.set(BP));
  emit(op.get(K), op.i32(1), op.i32Sub, op.tee(K), op.brIf(0), op.end);
  for (let i = 0; i < mr; i++) {
    rowAddress(i);
    for (let j = 0; j < nv; j++) emit(op.get(ROW), op.get(acc(i, j)), op.v128Store(16 * j));
  }
  // Next row panel: B rewinds to this column panel's start, C moves down MR rows (and unpacked A too).
  if (lda) emit(op.get(AP), op.get(KC), op.i32(4), op.i32Mul, op.i32Sub, op.i32(4 * mr * lda), op.i32Add, op.set(AP));
  emit(op.get(BP), op.get(KC), op.i32(4 * nr), op.i32Mul, op.i32Sub, op.set(BP));
  emit(op.get(CP), op.get(LDC), op.i32(mr), op.i32Mul, op.i32Add, op.set(CP));
  emit(op.get(IR), op.i32(1), op.i32Sub, op.tee(IR), op.brIf(0), op.end);
  // Next column panel: B moves on one panel, C back to the top and NR columns right.
  emit(op.get(BP), op.get(KC), op.i32(4 * nr), op.i32Mul, op.i32Add, op.set(BP));
  emit(op.get(CP), op.get(LDC), op.get(M_PANELS), op.i32(mr), op.i32Mul, op.i32Mul, op.i32Sub, op.i32(4 * nr), op.i32Add, op.set(CP));
  emit(op.get(JR), op.i32(1), op.i32Sub, op.tee(JR), op.brIf(0), op.end);
  emit(op.end);

  const body = [...vector([[...uleb(i32Locals), I32], [...uleb(v128Locals), V128]]), ...code];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vector([[0x60, ...vector(Array(7).fill([I32])), 0x00]])), // (i32 x7) -> ()
    ...section(2, vector([[...name('env'), ...name('memory'), 0x02, 0x00, 0x01]])), // memory, min 1 page
    ...section(3, vector([[0x00]])),
    ...section(7, vector([[...name('block'), 0x00, 0x00]])),
    ...section(10, vector([[...uleb(body.length), ...body]])),
  ]);
}

module.exports = { gemmModule };
