import type { NodeDef } from './types';

export const imageOutput: NodeDef = {
  type: 'image.output',
  title: 'Image output',
  category: 'image',
  role: 'output',
  doc: 'Previews an image and, with a path, saves it as PNG when the run ends (clipped to 0-255). colors content keeps the image\'s luminance and takes the chroma of the image on `content` (neural-style\'s -original_colors).',
  inputs: [
    { name: 'image', type: 'image', doc: 'Usually the optimizer\'s result' },
    { name: 'content', type: 'image', optional: true, doc: 'Whose colours colors content keeps (same size as the image)' },
  ],
  outputs: [],
  params: [
    { kind: 'boolean', name: 'preview', default: true, doc: 'Show this image while running' },
    { kind: 'string', name: 'path', default: '', doc: 'PNG file to write, relative to the graph file (empty: do not save)' },
    { kind: 'enum', name: 'colors', default: 'generated', options: ['generated', 'content'], note: "content: the image's luminance with the content input's Cb Cr, neural-style's -original_colors", doc: 'generated: the image as it is; content: its luminance (Y of YCbCr) with the Cb and Cr of the content input' },
  ],
  validate: (params, ctx) => params.colors === 'content' && ctx.connected('content') === 0
    ? [{ code: 'missing-input', port: 'content', message: 'colors content needs the content image on input content' }]
    : [],
};
