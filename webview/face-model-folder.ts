/**
 * face-api's weights in the webview: fetched from the folder the host names in its init message
 * (the extension's dist/face-models/, which `npm run bundle` and the .vsix both fill); a file that
 * cannot be fetched is named by its path on disk.
 */
import { readFaceModels, type FaceModels } from '../src/core/face/face-models';
import type { FaceModelsFolder } from '../src/core/protocol/messages';

/** Reads the face models from `folder`; rejects with one line naming the first file that is missing. */
export function readFaceModelsFrom(folder: FaceModelsFolder | undefined): Promise<FaceModels> {
  if (!folder) return Promise.reject(new Error('the face models are not loaded: the extension did not say where its face-models folder is'));
  const read = async (path: string): Promise<Uint8Array> => {
    const missing = (why: string) => new Error(`face model file missing: ${folder.path}/${path} (${why})`);
    const response = await fetch(new URL(path, folder.uri)).catch((e: Error) => {
      throw missing(e.message);
    });
    if (!response.ok) throw missing(`HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  };
  return readFaceModels(read, folder.path);
}
