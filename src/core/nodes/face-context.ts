import type { FaceModels } from '../face/face-models';
import type { EvalContext } from './types';

/** The face models of a node's context, or the error the node reports: the host did not load them. */
export function faceModelsOf(ctx: EvalContext): FaceModels {
  if (!ctx.faceModels) throw new Error('the face models are not loaded (they come with the @vladmandic/face-api package)');
  return ctx.faceModels;
}
