/** One thing wrong with a graph file, located as precisely as possible. */
export interface Problem {
  readonly code: ProblemCode;
  readonly message: string;
  readonly nodeId?: string;
  readonly port?: string;
  readonly param?: string;
  /** Index into the file's edges array, for edge problems. */
  readonly edge?: number;
  /** JSON path of the offending value, e.g. nodes[3].params.w */
  readonly path?: string;
  /** 1-based line and column in the file's text (JSON syntax errors). */
  readonly line?: number;
  readonly column?: number;
}

export type ProblemCode =
  | 'json'
  | 'format'
  | 'version'
  | 'structure'
  | 'duplicate-id'
  | 'bad-id'
  | 'unknown-type'
  | 'unknown-param'
  | 'param-type'
  | 'param-range'
  | 'bad-edge'
  | 'dangling-edge'
  | 'unknown-port'
  | 'type-mismatch'
  | 'missing-input'
  | 'extra-input'
  | 'cycle'
  | 'optimizer-count'
  | 'generated-count'
  | 'optimizer-output'
  /** A video output that cannot encode the run's frames (not the optimizer's result, or no frame run). */
  | 'video-output'
  | 'file-path'
  | 'input-file'
  | 'shape-mismatch'
  | 'image-too-small'
  /** A scalar that reaches no optimizer: its term is not in J (dangling-terms.ts). */
  | 'dangling-term'
  /** A bypass that cannot be honoured (bypass.ts). */
  | 'bypass';

/** Problems of a graph that cannot be run; the message lists them all. */
export class GraphError extends Error {
  constructor(readonly problems: readonly Problem[], readonly source = 'graph') {
    super(`${source}: ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${problems.map((p) => `  - ${p.message}`).join('\n')}`);
    this.name = 'GraphError';
  }
}
