import * as tf from '@tensorflow/tfjs-core';
import type { Plan } from '../compile/plan';
import type { Value } from '../nodes/types';
import { evaluate, newScope, type NodeSources } from './node-context';
import type { Objective } from './pixel-optimizer';

/**
 * The loss the optimizer minimises, with its image gradient and every reported scalar: the loop's
 * nodes on `variable` (their generated image), in a new scope each evaluation, at the iteration
 * `iteration` names (the step that asks).
 */
export function objectiveOf(plan: Plan, constants: ReadonlyMap<string, Value>, variable: tf.Variable, sources: NodeSources, iteration: () => number): Objective {
  return () => {
    let reported: tf.Tensor1D | undefined;
    const { value, grads } = tf.variableGrads(() => {
      const scope = newScope({ ...sources, generatedImage: () => variable as tf.Tensor4D });
      const values = new Map(constants);
      const at = iteration();
      for (const p of plan.loop) values.set(p.node.id, evaluate(p, values, scope, at));
      reported = tf.keep(tf.stack(plan.reported.map((id) => values.get(id)!.tensor)) as tf.Tensor1D);
      return values.get(plan.loss.id)!.tensor as tf.Scalar;
    }, [variable]);
    return { loss: value, grad: grads[variable.name]!, reported: reported! };
  };
}
