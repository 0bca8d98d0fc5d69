import type { Shape } from './types';

/** A shape as problem messages show it: 37x50x512 features, a 512x512 Gram; ? for a size known only at run time. */
export function describeShape(shape: Shape): string {
  const side = (n: number | undefined) => (n === undefined ? '?' : String(n));
  switch (shape.type) {
    case 'image':
    case 'mask':
      return `${side(shape.height)}x${side(shape.width)}`;
    case 'features':
      return `${side(shape.height)}x${side(shape.width)}x${shape.channels}`;
    case 'gram':
      return `${shape.channels}x${shape.channels}`;
    case 'stats':
      return `statistics of ${shape.channels} channels`;
    case 'scalar':
      return 'a scalar';
    case 'encoding':
      return 'a face encoding';
    case 'database':
      return 'a face database';
  }
}
