import type { ReadShard } from '../model/tfjs-weights';
import { readWeightsManifest } from './face-weights';
import { FaceDetector } from './face-detector';
import { LandmarkNet } from './landmark-net';
import { RecognitionNet } from './recognition-net';
import { SsdDetector } from './ssd-detector';

/** The manifests of face-api's model folder that stylegraph reads. */
export const DETECTOR_MANIFEST = 'ssd_mobilenetv1_model-weights_manifest.json';
export const LANDMARKS_MANIFEST = 'face_landmark_68_model-weights_manifest.json';
export const RECOGNIZER_MANIFEST = 'face_recognition_model-weights_manifest.json';

export interface FaceModels {
  /** Boxes and landmarks. */
  readonly detector: FaceDetector;
  readonly recognizer: RecognitionNet;
}

/**
 * Reads face-api's detector, landmark and recognition weights from its model folder; `readFile` gets a
 * path relative to that folder (a manifest or a shard), `folder` names it in errors.
 */
export async function readFaceModels(readFile: ReadShard, folder: string): Promise<FaceModels> {
  const load = async (manifest: string) => {
    const text = new TextDecoder().decode(await readFile(manifest));
    const source = `${folder}/${manifest}`;
    return { weights: await readWeightsManifest(text, readFile, source), source };
  };
  const boxes = await load(DETECTOR_MANIFEST);
  const landmarks = await load(LANDMARKS_MANIFEST);
  const recognizer = await load(RECOGNIZER_MANIFEST);
  return {
    detector: new FaceDetector(new SsdDetector(boxes.weights, boxes.source), new LandmarkNet(landmarks.weights, landmarks.source)),
    recognizer: new RecognitionNet(recognizer.weights, recognizer.source),
  };
}
