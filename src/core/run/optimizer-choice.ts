import type { Params } from '../nodes/types';
import type { PixelOptimizer } from './pixel-optimizer';
import { Adam } from './adam';
import { Lbfgs } from './lbfgs';

/** The optimizer node's method with its params. */
export function createPixelOptimizer(params: Params): PixelOptimizer {
  return params.method === 'lbfgs' ? new Lbfgs(params.historySize as number, params.learningRate as number) : new Adam(params);
}
