import type { NodeDef } from './types';
import { imageLoad } from './image-load';

export const videoFrames: NodeDef = {
  type: 'video.frames',
  title: 'Video frames',
  category: 'image',
  role: 'source',
  frames: true,
  doc: 'A sequence of frames: a folder of PNG or JPEG files of one size (in natural order: frame2 before frame10), or a video file (.mp4, .webm, .mov, .mkv, .avi, .gif, …) decoded with ffmpeg, path relative to the graph file. A graph with this node runs once per frame, the node giving that frame resized as image.load; the optimizer runs its iterations on the first frame and this node\'s iterationsPerFrame on each next one.',
  inputs: [],
  outputs: [{ name: 'image', type: 'image', doc: 'The current frame, RGB 0-255' }],
  params: [
    { kind: 'string', name: 'path', default: '', doc: 'Folder of PNG or JPEG frames, or a video file (ffmpeg), relative to the graph file' },
    ...imageLoad.params.filter((p) => p.name !== 'path'),
    { kind: 'number', name: 'start', default: 0, min: 0, max: 1000000, integer: true, doc: 'The first frame to use, from 0' },
    { kind: 'number', name: 'count', default: 0, min: 0, max: 1000000, integer: true, note: '0: all', doc: 'How many frames to use (0: every one from start on)' },
    { kind: 'number', name: 'step', default: 1, min: 1, max: 1000, integer: true, doc: 'Use every step-th frame' },
    { kind: 'number', name: 'iterationsPerFrame', default: 0, min: 0, max: 100000, integer: true, note: "0: a quarter of the optimizer's iterations", doc: 'The optimizer\'s steps on each frame after the first, which starts from the previous result (0: a quarter of the optimizer\'s iterations, at least 1); the first frame runs all its iterations' },
  ],
  inferShape: imageLoad.inferShape!,
  evaluate: imageLoad.evaluate!,
};
