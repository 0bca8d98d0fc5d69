import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { VGG19_MANIFEST } from '../../src/core/model/manifest';
import { downloadFile } from '../../src/node/download';
import { resolveDefaultWeights } from '../../src/node/weights-store';
import { tempFolder } from '../helpers/temp-folder';

const body = randomBytes(300_000);
const md5 = createHash('md5').update(body).digest('hex');
const requests: string[] = [];
const server = createServer((req, res) => {
  requests.push(req.url ?? '');
  if (req.url === '/file') {
    res.writeHead(200, { 'content-length': body.length });
    res.end(body);
  } else if (req.url === '/redirect') {
    res.writeHead(302, { location: '/redirect2' }).end();
  } else if (req.url === '/redirect2') {
    res.writeHead(301, { location: `http://127.0.0.1:${port()}/file` }).end();
  } else if (req.url === '/loop') {
    res.writeHead(307, { location: '/loop' }).end();
  } else if (req.url === '/stall') {
    res.writeHead(200, { 'content-length': body.length });
    res.write(body.subarray(0, 1000)); // and never finishes
  } else if (req.url === '/silent') {
    // Accepts the request and never answers.
  } else if (req.url === '/slow') {
    res.writeHead(200, { 'content-length': body.length });
    let sent = 0;
    const timer = setInterval(() => {
      res.write(body.subarray(sent, sent + 30_000));
      sent += 30_000;
      if (sent >= body.length) {
        clearInterval(timer);
        res.end();
      }
    }, 50);
  } else {
    res.writeHead(404).end();
  }
});
const port = (): number => (server.address() as AddressInfo).port;
const url = (path: string): string => `http://127.0.0.1:${port()}${path}`;
const root = tempFolder('stylegraph-download-');

before(() => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve)));
after(() => {
  server.closeAllConnections();
  server.close();
  rmSync(root, { recursive: true, force: true });
});

function freshDir(): string {
  return mkdtempSync(join(root, 'case-'));
}

test('a download reports progress, checks the MD5 and leaves only the finished file', async () => {
  const dir = freshDir();
  const progress: [number, number | undefined][] = [];
  await downloadFile(url('/file'), join(dir, 'w.h5'), { md5, onProgress: (received, total) => progress.push([received, total]) });
  assert.ok(readFileSync(join(dir, 'w.h5')).equals(body));
  assert.deepEqual(readdirSync(dir), ['w.h5']);
  assert.ok(progress.length > 1);
  assert.deepEqual(progress.at(-1), [body.length, body.length]);
  assert.ok(progress.every(([received], i) => i === 0 || received > (progress[i - 1]?.[0] ?? 0)));
});

test('redirects are followed, relative and absolute, up to a limit', async () => {
  const dir = freshDir();
  await downloadFile(url('/redirect'), join(dir, 'w.h5'), { md5 });
  assert.ok(readFileSync(join(dir, 'w.h5')).equals(body));
  await assert.rejects(downloadFile(url('/loop'), join(dir, 'loop.h5')), { message: /^Download failed: http:\S+\/loop: more than 5 redirects\./ });
  assert.deepEqual(readdirSync(dir), ['w.h5']);
});

test('an MD5 mismatch throws and leaves no file', async () => {
  const dir = freshDir();
  const wrong = '0'.repeat(32);
  await assert.rejects(downloadFile(url('/file'), join(dir, 'w.h5'), { md5: wrong }), { message: `MD5 mismatch for ${url('/file')}: got ${md5}, expected ${wrong}` });
  assert.deepEqual(readdirSync(dir), []);
});

test('aborting throws an AbortError and leaves no file', async () => {
  const dir = freshDir();
  const controller = new AbortController();
  await assert.rejects(downloadFile(url('/stall'), join(dir, 'w.h5'), { signal: controller.signal, onProgress: () => controller.abort() }), { name: 'AbortError' });
  assert.deepEqual(readdirSync(dir), []);
});

test('a refused connection names the URL, the reason and how to use a local file', async () => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const deadPort = (closed.address() as AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
  const dir = freshDir();
  const dead = `http://127.0.0.1:${deadPort}/w.h5`;
  await assert.rejects(downloadFile(dead, join(dir, 'w.h5'), { hint: 'Download it elsewhere and pass it with --weights <file>.' }), {
    message: `Download failed: ${dead}: connect ECONNREFUSED 127.0.0.1:${deadPort}. Download it elsewhere and pass it with --weights <file>.`,
  });
  await assert.rejects(downloadFile(dead, join(dir, 'w.h5')), {
    message: `Download failed: ${dead}: connect ECONNREFUSED 127.0.0.1:${deadPort}. Without network access, download the file on another machine and use the local copy instead.`,
  });
  assert.deepEqual(readdirSync(dir), []);
});

test('a server that stalls after the headers: an error naming the URL and the wait, no file left', async () => {
  const dir = freshDir();
  const started = Date.now();
  await assert.rejects(downloadFile(url('/stall'), join(dir, 'w.h5'), { idleTimeoutMs: 200, hint: 'Use --weights.' }), {
    message: `Download failed: ${url('/stall')}: no data for 0.2 s (the server stopped sending). Use --weights.`,
  });
  assert.ok(Date.now() - started < 5000);
  assert.deepEqual(readdirSync(dir), []);
});

test('a server that never answers: an error naming the URL and the wait', async () => {
  const dir = freshDir();
  await assert.rejects(downloadFile(url('/silent'), join(dir, 'w.h5'), { connectTimeoutMs: 200, hint: 'Use --weights.' }), {
    message: `Download failed: ${url('/silent')}: no response within 0.2 s. Use --weights.`,
  });
  assert.deepEqual(readdirSync(dir), []);
});

test('a slow but steady download is not cut by the idle timeout', async () => {
  const dir = freshDir();
  // 10 chunks 50 ms apart: longer in all than the timeout, never idle for that long.
  await downloadFile(url('/slow'), join(dir, 'w.h5'), { md5, idleTimeoutMs: 200, connectTimeoutMs: 200 });
  assert.ok(readFileSync(join(dir, 'w.h5')).equals(body));
});

test('an HTTP error status is a failed download', async () => {
  await assert.rejects(downloadFile(url('/nothing'), join(freshDir(), 'w.h5')), { message: new RegExp(`^Download failed: ${url('/nothing')}: HTTP 404 Not Found\\.`) });
});

test('the default weights are downloaded into the cache once', async () => {
  const cacheDir = join(freshDir(), 'cache');
  const manifest = { ...VGG19_MANIFEST, url: url('/file'), md5, bytes: body.length };
  const before = requests.length;
  const path = await resolveDefaultWeights(manifest, cacheDir);
  assert.equal(path, join(cacheDir, VGG19_MANIFEST.file));
  assert.ok(readFileSync(path).equals(body));
  assert.equal(await resolveDefaultWeights(manifest, cacheDir), path);
  assert.deepEqual(requests.slice(before), ['/file']);
});
