import type { GrayImage, OpticalFlow } from '../core/image/optical-flow';
import type { Graph } from '../core/graph/types';
import { nodeDef } from '../core/nodes/catalogue';

/** The few parts of OpenCV.js (@techstark/opencv-js, Apache-2.0) this file uses. */
interface Mat {
  readonly data: Uint8Array;
  readonly data32F: Float32Array;
  delete(): void;
}
interface OpenCv {
  readonly CV_8UC1: number;
  Mat: new (rows?: number, cols?: number, type?: number) => Mat;
  calcOpticalFlowFarneback(prev: Mat, next: Mat, flow: Mat, pyrScale: number, levels: number, winsize: number, iterations: number, polyN: number, polySigma: number, flags: number): void;
  onRuntimeInitialized?: () => void;
  getBuildInformation?: () => string;
}

/**
 * Farneback's settings (OpenCV's sample values): a pyramid of 4 levels halving each time, a 15
 * pixel window, 3 iterations a level, polynomials over 5 pixels (sigma 1.1).
 */
const FARNEBACK = { pyrScale: 0.5, levels: 4, winsize: 15, iterations: 3, polyN: 5, polySigma: 1.1 } as const;

let loading: Promise<{ readonly cv: OpenCv }> | undefined;

/**
 * OpenCV.js, its WebAssembly compiled once per process (about 0.2 s). The module is a thenable
 * whose then hands back the module itself: a promise resolved with it (an async function returning
 * it too) would never settle, hence the wrapper object all the way to its user.
 */
function openCv(): Promise<{ readonly cv: OpenCv }> {
  loading ??= new Promise<{ readonly cv: OpenCv }>((resolve, reject) => {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const cv = require('@techstark/opencv-js') as OpenCv;
      if (cv.getBuildInformation) resolve({ cv });
      else cv.onRuntimeInitialized = () => resolve({ cv });
    } catch (e) {
      reject(new Error(`OpenCV.js (@techstark/opencv-js) did not load: ${(e as Error).message.split('\n')[0]}`));
    }
  });
  return loading;
}

/** Dense optical flow by OpenCV's Farneback method (core's OpticalFlow). */
export async function farnebackFlow(): Promise<OpticalFlow> {
  const { cv } = await openCv();
  return (from: GrayImage, to: GrayImage) => {
    const a = grayMat(cv, from);
    const b = grayMat(cv, to);
    const flow = new cv.Mat();
    try {
      const f = FARNEBACK;
      cv.calcOpticalFlowFarneback(a, b, flow, f.pyrScale, f.levels, f.winsize, f.iterations, f.polyN, f.polySigma, 0);
      return Float32Array.from(flow.data32F);
    } finally {
      a.delete();
      b.delete();
      flow.delete();
    }
  };
}

/** The optical flow for a graph with a node that needsOpticalFlow; undefined for any other graph. */
export async function opticalFlowFor(graph: Graph): Promise<OpticalFlow | undefined> {
  return graph.nodes.some((n) => nodeDef(n.type)?.needsOpticalFlow) ? farnebackFlow() : undefined;
}

function grayMat(cv: OpenCv, image: GrayImage): Mat {
  const mat = new cv.Mat(image.height, image.width, cv.CV_8UC1);
  mat.data.set(image.data);
  return mat;
}
