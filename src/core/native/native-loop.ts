import type { Plan, PlannedNode } from '../compile/plan';
import { portValue, type Value } from '../nodes/types';
import type { NativeObjective, NativeOps, NativeValue } from './native-ops';

/**
 * The loop's nodes that have no native form (NodeDef.native): with any, or with an optimizer other
 * than Adam, the loop runs on tfjs as before. Empty: the whole iteration can run natively.
 */
export function tfjsLoopNodes(plan: Plan): readonly PlannedNode[] {
  return plan.loop.filter((p) => !p.def.native);
}

/** Whether `plan`'s iterations can run natively: Adam, and a native form for every loop node. */
export function nativeLoopPossible(plan: Plan): boolean {
  return plan.optimizer.params.method === 'adam' && tfjsLoopNodes(plan).length === 0;
}

/**
 * J and the reported scalars of one scale's plan as native ops: each loop node's native form on
 * its inputs, a constant input (a target) handed over as the value the run computed.
 */
export function nativeObjective(plan: Plan, constants: ReadonlyMap<string, Value>, ops: NativeOps): NativeObjective {
  const values = new Map<string, NativeValue>();
  const targets = new Map<string, NativeValue>();
  const inputOf = (id: string, port: string): NativeValue => {
    const own = values.get(id);
    if (own) return own;
    const key = `${id}.${port}`;
    let target = targets.get(key);
    if (!target) {
      const value = portValue(constants.get(id)!, port);
      target = ops.constant(value.tensor, value.type === 'gram' ? value.positions : undefined);
      targets.set(key, target);
    }
    return target;
  };
  for (const p of plan.loop) {
    const inputs = Object.fromEntries([...p.inputs].map(([port, sources]) => [port, sources.map((s) => inputOf(s.node.id, s.port))]));
    values.set(p.node.id, p.def.native!(inputs, p.node.params, ops));
  }
  return { loss: values.get(plan.loss.id)!, reported: plan.reported.map((id) => values.get(id)!) };
}
