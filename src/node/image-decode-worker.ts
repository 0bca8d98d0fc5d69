import { parentPort, workerData } from 'node:worker_threads';
import { decodeImage, type DecodeAnswer, type DecodeRequest } from './image-decode';

/**
 * The worker thread readImageFile decodes in, so that a long decode (seconds for tens of
 * megapixels) never blocks the main thread and stops at once when the run is cancelled
 * (Worker.terminate). In: a DecodeRequest as workerData; out: one DecodeAnswer message.
 */
const { bytes, header } = workerData as DecodeRequest;
let answer: DecodeAnswer;
try {
  const image = decodeImage(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), header);
  // A small decoded Buffer may share Node's pool: copy it out so its own buffer can move.
  const data = image.data.byteOffset === 0 && image.data.byteLength === image.data.buffer.byteLength ? image.data : image.data.slice();
  answer = { ok: true, width: image.width, height: image.height, data };
} catch (error) {
  answer = { ok: false, reason: (error as Error).message };
}
parentPort!.postMessage(answer, answer.ok ? [answer.data.buffer as ArrayBuffer] : []);
