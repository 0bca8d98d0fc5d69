/**
 * What "look inside" shows of a node, as plain numbers that cross any message channel: a feature
 * map's channel means and some channels' maps, or a Gram matrix. Computed by whichever engine ran
 * (the host's engine process or the webview's runner) from the run it keeps.
 */
import type { Value } from '../nodes/types';
import { channelMaps, channelMeans } from './node-value';
import { topChannels } from './top-channels';

/** Channels shown when none are asked for: the most active ones. */
export const TOP_CHANNELS = 16;

export type InspectedValue =
  | {
      readonly type: 'features';
      readonly width: number;
      readonly height: number;
      readonly channels: number;
      /** Every channel's mean activation. */
      readonly means: Float32Array;
      /** The maps asked for (the TOP_CHANNELS most active when none were), h x w row-major each. */
      readonly maps: readonly { readonly channel: number; readonly values: Float32Array }[];
    }
  | { readonly type: 'gram'; readonly size: number; readonly values: Float32Array };

/** A features or Gram value as numbers (the channels asked for, or the most active); the caller still owns the tensor. */
export async function inspectedValue(value: Value, channels?: readonly number[]): Promise<InspectedValue> {
  if (value.type === 'gram') return { type: 'gram', size: value.tensor.shape[0]!, values: new Float32Array(await value.tensor.data()) };
  if (value.type !== 'features') throw new Error(`a ${value.type} value has nothing to look inside`);
  const [, height, width, count] = value.tensor.shape;
  const means = await channelMeans(value.tensor);
  const picked = (channels ?? topChannels(means, TOP_CHANNELS)).map((c) => Math.min(count - 1, Math.max(0, Math.trunc(c))));
  const maps = await channelMaps(value.tensor, picked);
  return { type: 'features', width, height, channels: count, means, maps: picked.map((channel, i) => ({ channel, values: maps[i]! })) };
}
