import manifestJson from '../../../models/vgg19.json';
import type { Preprocessing } from './weights';

/** Where the default weights come from: models/vgg19.json. */
export interface WeightsManifest {
  readonly name: string;
  /** File name to store the download under. */
  readonly file: string;
  readonly url: string;
  readonly md5: string;
  readonly bytes: number;
  readonly format: 'keras-h5';
  readonly preprocessing: Preprocessing;
}

function readManifest(json: typeof manifestJson): WeightsManifest {
  const { format, preprocessing: { channelOrder, mean } } = json;
  if (format !== 'keras-h5' || (channelOrder !== 'RGB' && channelOrder !== 'BGR') || mean.length !== 3) {
    throw new Error('models/vgg19.json: format must be "keras-h5", preprocessing { channelOrder: "RGB" | "BGR", mean: [3 numbers] }');
  }
  return { ...json, format, preprocessing: { channelOrder, mean: [mean[0], mean[1], mean[2]] } };
}

export const VGG19_MANIFEST: WeightsManifest = readManifest(manifestJson);
