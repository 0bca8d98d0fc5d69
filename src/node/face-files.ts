import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { readFaceModels, type FaceModels } from '../core/face/face-models';
import type { Graph } from '../core/graph/types';
import { usesFaceModels } from '../core/nodes/face-usage';
import { packageFile } from './package-path';

/** The folder of tfjs weights that @vladmandic/face-api ships (installed with stylegraph; nothing is downloaded). */
export function faceModelFolder(): string {
  return join(dirname(packageFile('@vladmandic/face-api/package.json')), 'model');
}

/** Reads face-api's detector and recognition weights from `folder` (its package's by default). */
export async function readFaceModelFiles(folder = faceModelFolder()): Promise<FaceModels> {
  return readFaceModels((path) => readFile(join(folder, path)), folder);
}

/** The face models when `graph` has face nodes, read from face-api's package; undefined otherwise. */
export async function faceModelsFor(graph: Graph): Promise<FaceModels | undefined> {
  return usesFaceModels(graph) ? readFaceModelFiles() : undefined;
}
