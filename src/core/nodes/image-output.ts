import type { NodeDef } from './types';

export const imageOutput: NodeDef = {
  type: 'image.output',
  title: 'Image output',
  category: 'image',
  role: 'output',
  doc: 'Previews an image and, with a path, saves it as PNG when the run ends (clipped to 0-255).',
  inputs: [{ name: 'image', type: 'image', doc: 'Usually the optimizer\'s result' }],
  outputs: [],
  params: [
    { kind: 'boolean', name: 'preview', default: true, doc: 'Show this image while running' },
    { kind: 'string', name: 'path', default: '', doc: 'PNG file to write, relative to the graph file (empty: do not save)' },
  ],
};
