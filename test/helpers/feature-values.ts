import * as tf from '@tensorflow/tfjs-core';
import type { EvalContext, NodeDef, Params, Value } from '../../src/core/nodes/types';

const ctx = { nodeId: 'n' } as EvalContext;

/** A features value of `values` in `shape`. */
export const features = (values: number[], shape: [number, number, number, number]): Value => ({ type: 'features', tensor: tf.tensor4d(values, shape) });
/** `def` evaluated on `inputs` with `params`, as node "n". */
export const run = (def: NodeDef, inputs: Record<string, Value[]>, params: Params = {}) => def.evaluate!(inputs, params, ctx);
/** The first number of a value's tensor. */
export const scalarOf = (v: Value) => v.tensor.dataSync()[0]!;
/** A 1x2x2x2 activation: positions (0,0) (0,1) (1,0) (1,1), channels [c0, c1]; call it once a backend is set. */
export const smallActivation = (): Value => features([1, 2, 3, 4, 5, 6, 7, 8], [1, 2, 2, 2]);
