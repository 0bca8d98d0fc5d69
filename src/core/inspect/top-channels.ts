/**
 * Which channels of a feature map to show first: the most active ones, by mean activation (the
 * mean over every position of the post-ReLU map), highest first; equal means keep channel order.
 */
export function topChannels(means: ArrayLike<number>, count: number): number[] {
  const order = Array.from({ length: means.length }, (_, i) => i);
  order.sort((a, b) => means[b]! - means[a]! || a - b);
  return order.slice(0, Math.max(0, count));
}
