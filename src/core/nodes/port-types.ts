/**
 * The port types: what flows along an edge. One row each: the README's doc, the canvas colour, how
 * problem messages write a shape and how many tensor elements the memory estimate counts for it.
 * The fields a type's Shape carries (nodes/types.ts) are the parameter of its row's `text` and
 * `elements`, so a new port type is one row here.
 */

/** A size known only at run time is undefined. */
interface Sized {
  readonly height?: number;
  readonly width?: number;
}
interface Channels {
  readonly channels: number;
}
type None = Readonly<Record<never, never>>;

interface PortRow<S> {
  /** What a value is, for the README's "Port types" line; absent where the name says it. */
  readonly doc?: string;
  /** The canvas's wire and slot colour: a VS Code theme colour, with the colour used without a theme. */
  readonly colour: readonly [variable: string, fallback: string];
  /** The shape as problem messages show it: 37x50x512 features, a 512x512 Gram; ? for a size known only at run time. */
  readonly text: (shape: S) => string;
  /** Tensor elements of a value of this shape (0: held outside tensors), for the memory estimate. */
  readonly elements: (shape: S) => number;
}

const side = (n: number | undefined): string => (n === undefined ? '?' : String(n));
const area = (s: Sized): number => (s.height ?? 0) * (s.width ?? 0);

/** Every port type, in the order the README lists them. */
export const PORT_TYPES = {
  image: row<Sized>({ doc: '1xHxWx3, RGB 0-255', colour: ['--vscode-charts-blue', '#3794ff'], text: (s) => `${side(s.height)}x${side(s.width)}`, elements: (s) => area(s) * 3 }),
  features: row<Sized & Channels>({ doc: '1xhxwxc', colour: ['--vscode-charts-green', '#89d185'], text: (s) => `${side(s.height)}x${side(s.width)}x${s.channels}`, elements: (s) => area(s) * s.channels }),
  gram: row<Channels>({ doc: 'cxc', colour: ['--vscode-charts-purple', '#b180d7'], text: (s) => `${s.channels}x${s.channels}`, elements: (s) => s.channels * s.channels }),
  stats: row<Channels>({ doc: 'mean c and covariance cxc', colour: ['--vscode-charts-yellow', '#cca700'], text: (s) => `statistics of ${s.channels} channels`, elements: (s) => (s.channels + 1) * s.channels }),
  mask: row<Sized>({ doc: '1xHxWx1, 0..1', colour: ['--vscode-charts-red', '#f14c4c'], text: (s) => `${side(s.height)}x${side(s.width)}`, elements: area }),
  flow: row<Sized>({ doc: '1xHxWx2, (u, v) per pixel: where each pixel is seen in the previous frame', colour: ['--vscode-charts-lines', '#4ec9b0'], text: (s) => `${side(s.height)}x${side(s.width)} flow`, elements: (s) => area(s) * 2 }),
  scalar: row<None>({ colour: ['--vscode-charts-orange', '#d18616'], text: () => 'a scalar', elements: () => 1 }),
  encoding: row<None>({ doc: "a face's 1x128 descriptor", colour: ['--vscode-charts-foreground', '#cccccc'], text: () => 'a face encoding', elements: () => 128 }),
  // Encodings of files, held outside tensors.
  database: row<None>({ doc: "known faces' encodings", colour: ['--vscode-charts-lines', '#8c8c8c'], text: () => 'a face database', elements: () => 0 }),
};

/** What flows along an edge. */
export type PortType = keyof typeof PORT_TYPES;

/** What the compiler knows of a port's value before running (the fields its row's functions take). */
export type Shape = { [K in PortType]: { readonly type: K } & ShapeFields<K> }[PortType];
type ShapeFields<K extends PortType> = Parameters<(typeof PORT_TYPES)[K]['text']>[0];

/** A shape as problem messages show it: 37x50x512 features, a 512x512 Gram; ? for a size known only at run time. */
export function describeShape(shape: Shape): string {
  return (PORT_TYPES[shape.type].text as (s: Shape) => string)(shape);
}

/** Tensor elements of a value of `shape` (0: held outside tensors). */
export function shapeElements(shape: Shape): number {
  return (PORT_TYPES[shape.type].elements as (s: Shape) => number)(shape);
}

/** The port types as [name, row] pairs, in table order. */
export function portTypeRows(): readonly (readonly [PortType, PortRow<never>])[] {
  return Object.entries(PORT_TYPES) as [PortType, PortRow<never>][];
}

function row<S>(r: PortRow<S>): PortRow<S> {
  return r;
}
