import type * as tf from '@tensorflow/tfjs-core';
import type { FaceModels } from '../face/face-models';
import type { OpticalFlow } from '../image/optical-flow';
import type { PortType, Shape } from './port-types';
import type { NativeOps, NativeValue } from '../native/native-ops';

/** What flows along an edge, and what the compiler knows of it before running: one row each of the port table. */
export type { PortType, Shape } from './port-types';

export interface PortSpec {
  readonly name: string;
  readonly type: PortType;
  readonly doc: string;
  /** An input that may stay unconnected. */
  readonly optional?: boolean;
  /** An input that takes any number of edges (sum's terms). */
  readonly multiple?: boolean;
}

interface ParamBase {
  readonly name: string;
  readonly doc: string;
  /** A few words after the param and its default in the README's node table. */
  readonly note?: string;
}
export interface NumberParam extends ParamBase {
  readonly kind: 'number';
  readonly default: number;
  readonly min: number;
  readonly max: number;
  readonly integer?: boolean;
}
export interface EnumParam extends ParamBase {
  readonly kind: 'enum';
  readonly default: string;
  readonly options: readonly string[];
}
export interface StringParam extends ParamBase {
  readonly kind: 'string';
  readonly default: string;
}
export interface BooleanParam extends ParamBase {
  readonly kind: 'boolean';
  readonly default: boolean;
}
export type ParamSpec = NumberParam | EnumParam | StringParam | BooleanParam;
export type ParamValue = number | string | boolean;
export type Params = Readonly<Record<string, ParamValue>>;

/**
 * A value on a port at run time. Gram matrices carry the number of positions (nH * nW) they summed over.
 * Stats pack the mean and the covariance of c channels into one (c+1) x c tensor, row 0 the mean and
 * rows 1..c the covariance (one tensor per value, as the target cache keeps and disposes them): see stats.ts.
 * Features weighted by a mask (features.mask) carry its mass Σ m² at their size: the number of
 * positions they stand for. A mask is 1xHxWx1, 0..1.
 */
export type Value = OneValue & {
  /** The values of a node's other output ports by port name (flow's mask); the node's value is its first port's. */
  readonly others?: Readonly<Record<string, OneValue>>;
};
/** One port's value. A flow is 1xHxWx2, (u, v) per pixel: see image/warp.ts. */
export type OneValue =
  | { readonly type: 'image'; readonly tensor: tf.Tensor4D }
  | { readonly type: 'flow'; readonly tensor: tf.Tensor4D }
  | { readonly type: 'features'; readonly tensor: tf.Tensor4D; readonly mass?: number }
  | { readonly type: 'gram'; readonly tensor: tf.Tensor2D; readonly positions: number }
  | { readonly type: 'stats'; readonly tensor: tf.Tensor2D }
  | { readonly type: 'mask'; readonly tensor: tf.Tensor4D }
  | { readonly type: 'scalar'; readonly tensor: tf.Scalar }
  /** A face's 1x128 descriptor (face.encode). */
  | { readonly type: 'encoding'; readonly tensor: tf.Tensor2D }
  /** Known faces' encodings, one row each (Nx128), and whose face each row is. */
  | { readonly type: 'database'; readonly tensor: tf.Tensor2D; readonly labels: readonly string[] };

/** Every tensor a value holds (its own and its other ports'). */
export function valueTensors(value: Value): tf.Tensor[] {
  return [value.tensor, ...Object.values(value.others ?? {}).map((v) => v.tensor)];
}

/** The value a node gives on its output `port`: its value, or one of its others. */
export function portValue(value: Value, port: string): Value {
  return value.others?.[port] ?? value;
}

/** Where a frame run is (EvalContext.frame). */
export interface FramePosition {
  readonly index: number;
  readonly count: number;
  readonly first: boolean;
}

/** Input values by port name; a `multiple` port gets all its edges' values in edge order. */
export type Inputs = Readonly<Record<string, readonly Value[]>>;
/** A native form's inputs by port, in edge order (NodeDef.native). */
export type NativeInputs = Readonly<Record<string, readonly NativeValue[]>>;

/** What a node's evaluate function may ask of the executor. */
export interface EvalContext {
  readonly nodeId: string;
  /** The optimizer's iteration being computed, from 1; 0 while the constant targets are computed and in evaluations (run/node-context.ts). */
  readonly iteration: number;
  /**
   * A uniform random source in [0, 1) determined by the run's seed (the generated image's), this
   * iteration and `seed` alone: the same run draws the same numbers on every backend, and each
   * iteration (and each seed) draws others.
   */
  random(seed: number): () => number;
  /** The decoded pixels of an image.load node, as a 1xHxWx3 float tensor (RGB 0-255). */
  loadedImage(): tf.Tensor4D;
  /** The generated image being optimised (image.generated only). */
  generatedImage(): tf.Tensor4D;
  /** Post-ReLU activation of a VGG-19 layer for the image on `input`; one forward pass per image. */
  vggFeatures(input: Value, layer: string, pooling: string): tf.Tensor4D;
  /** face-api's detector and recognition networks, when the host loaded them (graphs with face nodes). */
  readonly faceModels?: FaceModels;
  /** Dense optical flow from a library, when the host loaded one (graphs with a node that needsOpticalFlow). */
  readonly opticalFlow?: OpticalFlow;
  /**
   * Where a frame run is (graphs with a `frames` source): frame `index` of the run's `count`, from 0;
   * `first` when there is no previous frame (the first frame, or the first of a resumed range whose
   * previous result is not there). Absent outside frame runs.
   */
  readonly frame?: FramePosition;
  /** What a frame run hands a node of role `previous` (the previous frame's result or input); undefined on the first frame and outside frame runs. */
  previousImage(): tf.Tensor4D | undefined;
  /** The images of a `folder` node's folder with whose face each is (evaluation runs only). */
  labelledImages?(): readonly LabelledImage[];
}

/** An image of a labelled folder: `label` names the person (its sub-folder, or its file name's prefix). */
export interface LabelledImage {
  readonly label: string;
  /** The file, relative to the folder. */
  readonly file: string;
  /** 1xHxWx3, RGB 0-255. */
  readonly tensor: tf.Tensor4D;
}

/** What a result node reports: a line for people and a JSON value for tools. */
export interface NodeResult {
  readonly text: string;
  readonly value: unknown;
}

/**
 * What a node is to the compiler and executor, which ask the role instead of the type name:
 * `source` reads an image file (param `path`), `generated` is the image being optimised, `features`
 * runs the network (params `layer`, `pooling`), `loss` is a term worth plotting, `optimizer`
 * minimises its input, `output` shows or saves an image (params `preview`, `path`), `result` reports
 * what a graph found (a graph of results without an optimizer is evaluated once), `folder` reads a
 * folder of labelled images (param `path`), `previous` is what the previous frame of a frame run
 * left (its result or its input frame: EvalContext.previousImage).
 */
export type NodeRole = 'source' | 'generated' | 'features' | 'loss' | 'optimizer' | 'output' | 'result' | 'folder' | 'previous';

/** Shapes of a node's inputs by port name, in edge order (as Inputs). */
export type InputShapes = Readonly<Record<string, readonly Shape[]>>;

export interface ShapeContext {
  /** Height and width of the file of a source node, once it has been read (undefined before). */
  readonly fileSize?: { readonly height: number; readonly width: number };
  /** Reports why the inputs do not fit; the node's output shape is then unknown. */
  problem(code: 'shape-mismatch' | 'image-too-small', message: string): undefined;
}

/** What a validate hook sees of its node's connections. */
export interface ValidateContext {
  /** How many edges reach the input port `port`. */
  connected(port: string): number;
}

/** A problem a validate hook finds; the validator prefixes the node's id and type. */
export interface NodeProblem {
  readonly code: 'missing-input' | 'param-range';
  readonly message: string;
  readonly port?: string;
  readonly param?: string;
}

export interface NodeDef {
  readonly type: string;
  readonly title: string;
  readonly category: 'image' | 'model' | 'loss' | 'math' | 'optimize' | 'face';
  readonly role?: NodeRole;
  /**
   * A source whose `path` names a sequence of frames (a folder of images or a video file), not one
   * file: a graph with one runs once per frame (run/frame-loop.ts), the node giving that frame.
   */
  readonly frames?: boolean;
  /**
   * An output (role output) whose `path` is a video: after a frame run it encodes the run's result
   * frames (the images written at --out) into that file, so its image must be the optimizer's result.
   */
  readonly video?: boolean;
  /** The node computes optical flow (EvalContext.opticalFlow): the host loads a flow library for the graph. */
  readonly needsOpticalFlow?: boolean;
  readonly doc: string;
  /** What the node computes, as the README's node table writes it after the params. */
  readonly formula?: string;
  /** A few words after the inputs in the README's node table ("any number of Grams"). */
  readonly inputsNote?: string;
  readonly inputs: readonly PortSpec[];
  readonly outputs: readonly PortSpec[];
  readonly params: readonly ParamSpec[];
  /** Computes the node's single output. Absent for the optimizer and the output nodes, which the executor drives. */
  readonly evaluate?: (inputs: Inputs, params: Params, ctx: EvalContext) => Value;
  /**
   * The node's computation in a native loop (one onnxruntime graph per iteration, src/node/onnx/):
   * its output from its inputs' native values, forward only (the loop differentiates the ops).
   * A graph whose loop has a node without one runs its loop on tfjs (run/native-adam.ts).
   */
  readonly native?: (inputs: NativeInputs, params: Params, ops: NativeOps) => NativeValue;
  /**
   * An output node's image (role output) once the run has ended, from its inputs: the first holds
   * the run's image (or a constant image), the others constants. May return its first input itself.
   */
  readonly outputImage?: (inputs: Inputs, params: Params) => tf.Tensor4D;
  /** A result node's report from its inputs (role `result`, which has no output). */
  readonly result?: (inputs: Inputs, params: Params, ctx: EvalContext) => NodeResult;
  /**
   * The output's shape from the inputs' shapes (called only when every connected input's shape is
   * known). Absent: a scalar output is a scalar, any other output's shape is unknown.
   */
  readonly inferShape?: (inputs: InputShapes, params: Params, ctx: ShapeContext) => Shape | undefined;
  /**
   * Rules between params and connections that no single param spec or port states (a param that
   * needs an optional input, a list param with one entry per edge). Called once each param has
   * passed its own check.
   */
  readonly validate?: (params: Params, ctx: ValidateContext) => readonly NodeProblem[];
}

/** How messages name a node: `node "style"`, or with its type `node "style" (image.load)`. */
export function nodeLabel(nodeId: string, type?: string): string {
  return `node "${nodeId}"${type === undefined ? '' : ` (${type})`}`;
}

/** A failure of one node: its message starts with nodeLabel. */
export class NodeRunError extends Error {
  constructor(readonly nodeId: string, message: string, type?: string) {
    super(`${nodeLabel(nodeId, type)}: ${message}`);
    this.name = 'NodeRunError';
  }
}
