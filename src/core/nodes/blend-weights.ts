import type { NodeDef, NodeProblem, Params } from './types';

/** The `weights` param of the blend nodes: one weight per edge into `targets`, in edge order. */
export const BLEND_WEIGHTS_PARAM = {
  kind: 'string',
  name: 'weights',
  default: '1,1',
  note: 'one per edge, scaled to sum 1',
  doc: 'Comma-separated, one per targets edge in edge order (neural-style\'s -style_blend_weights); scaled to sum to 1',
} as const;

/** The weights scaled to sum to 1, or why the param does not fit `edges` targets. */
export function blendWeights(params: Params, edges: number): { weights: number[] } | { problem: NodeProblem } {
  const text = String(params.weights);
  const weights = text.split(',').map((s) => (s.trim() === '' ? NaN : Number(s)));
  const shown = `"${text.slice(0, 40)}${text.length > 40 ? '…' : ''}"`;
  const problem = (message: string) => ({ problem: { code: 'param-range' as const, param: 'weights', message } });
  if (weights.some((w) => !Number.isFinite(w) || w < 0)) return problem(`${shown} must be numbers of at least 0, separated by commas`);
  if (weights.length !== edges) return problem(`${shown} gives ${weights.length} weight${weights.length === 1 ? '' : 's'} for ${edges} targets edge${edges === 1 ? '' : 's'}`);
  const total = weights.reduce((a, b) => a + b, 0);
  if (total === 0) return problem(`${shown}: the weights add up to 0`);
  return { weights: weights.map((w) => w / total) };
}

/** The validate hook both blend nodes share. */
export const validateBlend: NonNullable<NodeDef['validate']> = (params, ctx) => {
  const result = blendWeights(params, ctx.connected('targets'));
  return 'problem' in result ? [result.problem] : [];
};

/** The weights for evaluation; the validator has checked them. */
export function checkedBlendWeights(params: Params, edges: number): number[] {
  const result = blendWeights(params, edges);
  if ('problem' in result) throw new Error(`param weights: ${result.problem.message}`);
  return result.weights;
}
