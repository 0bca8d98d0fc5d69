import * as tf from '@tensorflow/tfjs-core';
import { tripletTerms } from './triplet-terms';

/** How a threshold τ does on every pair of a labelled set: same person when the distance is at most τ. */
export interface VerificationRates {
  readonly tau: number;
  /** Pairs judged right, over all pairs. */
  readonly accuracy: number;
  /** Pairs of different people judged the same, over those pairs. */
  readonly falseAccept: number;
  /** Pairs of one person judged different, over those pairs. */
  readonly falseReject: number;
}

/** Each pair of rows' distance and whether they are the same person (i < j). */
export interface LabelledPair {
  readonly distance: number;
  readonly same: boolean;
}

/** Every pair of encodings (rows of an [n, 128] tensor) with its L2 distance; labels name each row's person. */
export function labelledPairs(encodings: tf.Tensor2D, labels: readonly string[]): LabelledPair[] {
  const squared = squaredDistances(encodings);
  const d = squared.dataSync();
  squared.dispose();
  const n = labels.length;
  const pairs: LabelledPair[] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) pairs.push({ distance: Math.sqrt(Math.max(d[i * n + j]!, 0)), same: labels[i] === labels[j] });
  return pairs;
}

export function ratesAt(pairs: readonly LabelledPair[], tau: number): VerificationRates {
  let same = 0;
  let falseAccept = 0;
  let falseReject = 0;
  for (const p of pairs) {
    if (p.same) {
      same++;
      if (p.distance > tau) falseReject++;
    } else if (p.distance <= tau) falseAccept++;
  }
  const different = pairs.length - same;
  return { tau, accuracy: (pairs.length - falseAccept - falseReject) / pairs.length, falseAccept: falseAccept / different, falseReject: falseReject / same };
}

/** The rates at `steps` evenly spaced τ from 0 to tauMax. */
export function ratesCurve(pairs: readonly LabelledPair[], tauMax: number, steps: number): VerificationRates[] {
  return Array.from({ length: steps }, (_, i) => ratesAt(pairs, round((tauMax * i) / (steps - 1))));
}

/** The curve's most accurate τ; among equally accurate ones the middle, the farthest from both kinds of error. */
export function bestTau(curve: readonly VerificationRates[]): VerificationRates {
  const top = Math.max(...curve.map((r) => r.accuracy));
  const best = curve.filter((r) => r.accuracy === top);
  return best[Math.floor((best.length - 1) / 2)]!;
}

/**
 * The course's triplet loss Σ max(‖A−P‖² − ‖A−N‖² + α, 0) over every triplet of the set: an anchor, another
 * row of its person, and a row of someone else. Returns the sum and the number of triplets.
 */
export function setTripletLoss(encodings: tf.Tensor2D, labels: readonly string[], alpha: number): { loss: number; count: number } {
  const n = labels.length;
  const positive: number[] = [];
  const negative: number[] = [];
  for (let a = 0; a < n; a++) {
    for (let p = 0; p < n; p++) {
      if (p === a || labels[p] !== labels[a]) continue;
      for (let m = 0; m < n; m++) {
        if (labels[m] === labels[a]) continue;
        positive.push(a * n + p);
        negative.push(a * n + m);
      }
    }
  }
  if (positive.length === 0) return { loss: 0, count: 0 };
  const loss = tf.tidy(() => {
    const squared = tf.reshape(squaredDistances(encodings), [-1]);
    return tf.sum(tripletTerms(tf.gather(squared, tf.tensor1d(positive, 'int32')), tf.gather(squared, tf.tensor1d(negative, 'int32')), alpha));
  });
  const value = loss.dataSync()[0]!;
  loss.dispose();
  return { loss: value, count: positive.length };
}

/** ‖x_i − x_j‖² for every pair of rows, as an [n, n] tensor. */
function squaredDistances(x: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const diff = tf.sub(tf.expandDims(x, 1), tf.expandDims(x, 0));
    return tf.sum(tf.square(diff), 2) as tf.Tensor2D;
  });
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;
