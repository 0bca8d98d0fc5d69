import type { NodeDef } from './types';
import { imageLoad } from './image-load';
import { imageGenerated } from './image-generated';
import { vgg19Layer } from './vgg19-layer';
import { gram } from './gram';
import { lossContent } from './loss-content';
import { lossStyle } from './loss-style';
import { lossTv } from './loss-tv';
import { stats } from './stats';
import { lossWasserstein } from './loss-wasserstein';
import { lossSliced } from './loss-sliced';
import { weight } from './weight';
import { sum } from './sum';
import { optimizer } from './optimizer';
import { imageOutput } from './image-output';
import { imageMask } from './image-mask';
import { featuresMask } from './features-mask';
import { colorLuminance } from './color-luminance';
import { colorMatch } from './color-match';
import { gramBlend } from './gram-blend';
import { statsBlend } from './stats-blend';
import { faceDetect } from './face-detect';
import { faceEncode } from './face-encode';
import { encodingDistance } from './face-distance';
import { faceVerify } from './face-verify';
import { lossTriplet } from './face-triplet';
import { faceDatabase } from './face-database';
import { faceIdentify } from './face-identify';
import { faceEvaluate } from './face-evaluate';
import { videoFrames } from './video-frames';
import { imagePrevious } from './image-previous';
import { flow } from './flow';
import { imageWarp } from './image-warp';
import { lossTemporal } from './loss-temporal';
import { videoOutput } from './video-output';

/** Every node type, in the order menus show them. */
export const NODE_DEFS: readonly NodeDef[] = [imageLoad, imageMask, videoFrames, imagePrevious, flow, imageWarp, imageGenerated, colorLuminance, colorMatch, vgg19Layer, featuresMask, gram, gramBlend, stats, statsBlend, lossContent, lossStyle, lossTv, lossTemporal, lossWasserstein, lossSliced, lossTriplet, weight, sum, optimizer, imageOutput, videoOutput, faceDetect, faceEncode, encodingDistance, faceVerify, faceDatabase, faceIdentify, faceEvaluate];

const byType = new Map(NODE_DEFS.map((d) => [d.type, d]));

export function nodeDef(type: string): NodeDef | undefined {
  return byType.get(type);
}
