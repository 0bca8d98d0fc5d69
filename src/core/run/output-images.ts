import * as tf from '@tensorflow/tfjs-core';
import type { Plan, PlannedNode } from '../compile/plan';
import { NodeRunError, type Inputs, type Value } from '../nodes/types';
import { tensorToRaw, type RawImage } from '../image/raw-image';
import { asNodeRun } from './node-context';

/** An output node's image as a run hands it back. */
export interface OutputImage {
  readonly nodeId: string;
  readonly path: string;
  readonly image: RawImage;
}

/** Each output node's image once the run has ended (its outputImage hook), from the constants and the run's image. */
export async function outputImages(plan: Plan, constants: ReadonlyMap<string, Value>, result: tf.Tensor4D): Promise<OutputImage[]> {
  const outputs: OutputImage[] = [];
  for (const p of plan.outputs) {
    const inputs = inputsAfterRun(p, constants, result);
    const shown = asNodeRun(p, () => tf.tidy(() => p.def.outputImage!(inputs, p.node.params)));
    try {
      outputs.push({ nodeId: p.node.id, path: String(p.node.params.path), image: await tensorToRaw(shown) });
    } finally {
      if (shown !== inputs[p.def.inputs[0]!.name]![0]!.tensor) shown.dispose();
    }
  }
  return outputs;
}

/**
 * An output node's inputs once the loop has ended, when only the constants and the run's image are
 * left: its first input, where it depends on the generated image, holds the run's image; any other
 * input that depends on it cannot be read (reading it throws, naming the node it depends on).
 */
function inputsAfterRun(p: PlannedNode, constants: ReadonlyMap<string, Value>, result: tf.Tensor4D): Inputs {
  const first = p.def.inputs[0]!.name;
  const inputs: Record<string, readonly Value[]> = {};
  for (const [port, sources] of p.inputs) {
    const late = sources.find((s) => !constants.has(s.node.id));
    const values = () => sources.map((s) => constants.get(s.node.id) ?? { type: 'image' as const, tensor: result });
    if (!late || port === first) inputs[port] = values();
    else Object.defineProperty(inputs, port, { enumerable: true, get: () => { throw new NodeRunError(p.node.id, `input ${port} must not depend on the generated image ("${late.node.id}" does)`); } });
  }
  return inputs;
}
