import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { useBackend } from '../../src/node/backend';
import { DETECTOR_MANIFEST } from '../../src/core/face/face-models';
import { readFaceModelsFrom } from '../../webview/face-model-folder';
import { tempFolder } from '../helpers/temp-folder';

const { stageFaceModels } = createRequire(join(process.cwd(), 'scripts', 'package-vsix.js'))('./face-model-files.js') as { stageFaceModels(root: string): string[] };

/** The extension folder as `npm run bundle` leaves it (dist/face-models/ staged), served on loopback as the webview's resource origin serves it. */
let root: string;
let server: Server;
let origin: string;
before(async () => {
  await useBackend('cpu');
  root = tempFolder('face-models-');
  stageFaceModels(root);
  server = createServer((request, response) => {
    try {
      response.end(readFileSync(join(root, decodeURIComponent(new URL(request.url!, 'http://x').pathname))));
    } catch {
      response.statusCode = 404;
      response.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
after(() => {
  server.close();
  rmSync(root, { recursive: true, force: true });
});

test('the webview reads the face models from the folder the host names (dist/face-models/)', async () => {
  const models = await readFaceModelsFrom({ uri: `${origin}/dist/face-models/`, path: join(root, 'dist', 'face-models') });
  assert.ok(models.detector && models.recognizer);
});

test('a missing face models folder is one line naming the missing file on disk', async () => {
  await assert.rejects(readFaceModelsFrom({ uri: `${origin}/elsewhere/face-models/`, path: '/ext/dist/face-models' }), {
    message: `face model file missing: /ext/dist/face-models/${DETECTOR_MANIFEST} (HTTP 404)`,
  });
  await assert.rejects(readFaceModelsFrom({ uri: 'http://127.0.0.1:1/face-models/', path: '/ext/dist/face-models' }), (e: Error) => e.message.startsWith(`face model file missing: /ext/dist/face-models/${DETECTOR_MANIFEST} (`) && !e.message.includes('\n'));
  await assert.rejects(readFaceModelsFrom(undefined), { message: 'the face models are not loaded: the extension did not say where its face-models folder is' });
});
