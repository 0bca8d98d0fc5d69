import type { NodeDef } from './types';
import { fitImage } from '../image/resize';

export const imageLoad: NodeDef = {
  type: 'image.load',
  title: 'Load image',
  category: 'image',
  role: 'source',
  doc: 'Reads a PNG or JPEG file (path relative to the graph file) and resizes it.',
  inputs: [],
  outputs: [{ name: 'image', type: 'image', doc: 'RGB, 0-255' }],
  params: [
    { kind: 'string', name: 'path', default: '', doc: 'PNG or JPEG file, relative to the graph file' },
    { kind: 'number', name: 'width', default: 400, min: 0, max: 4096, integer: true, doc: 'Width in pixels after resizing (0 keeps the file\'s)' },
    { kind: 'number', name: 'height', default: 300, min: 0, max: 4096, integer: true, doc: 'Height in pixels after resizing (0 keeps the file\'s)' },
    { kind: 'enum', name: 'fit', default: 'cover', options: ['cover', 'stretch'], doc: 'cover crops to the target aspect ratio before resizing; stretch distorts' },
  ],
  inferShape: (_inputs, params, ctx) => ({
    type: 'image',
    height: (params.height as number) || ctx.fileSize?.height,
    width: (params.width as number) || ctx.fileSize?.width,
  }),
  evaluate: (_inputs, params, ctx) => ({
    type: 'image',
    tensor: fitImage(ctx.loadedImage(), params.width as number, params.height as number, params.fit as 'cover' | 'stretch'),
  }),
};
