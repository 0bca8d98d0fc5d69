import type * as tf from '@tensorflow/tfjs-core';
import type { NodeDef } from './types';

export const videoOutput: NodeDef = {
  type: 'video.output',
  title: 'Video output',
  category: 'image',
  role: 'output',
  video: true,
  doc: 'After a frame run (a graph with video.frames), encodes the result frames the run wrote at --out into a video with ffmpeg: H.264 (yuv420p) in .mp4, VP9 in .webm, an odd width or height padded by a pixel; written whole or not at all (a cancelled or failed run writes none). Its image must be the optimizer\'s result.',
  inputs: [{ name: 'image', type: 'image', doc: 'The optimizer\'s result (each frame\'s)' }],
  outputs: [],
  params: [
    { kind: 'string', name: 'path', default: '', doc: 'Video file to write, .mp4 or .webm, relative to the graph file (empty: do not write)' },
    { kind: 'number', name: 'fps', default: 24, min: 1, max: 240, doc: 'Frames per second of the video' },
  ],
  outputImage: (inputs) => inputs.image![0]!.tensor as tf.Tensor4D,
};
