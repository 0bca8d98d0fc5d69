import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import type { EngineReply } from '../../src/core/protocol/engine-messages';
import { REPO } from '../helpers/paths';
import { tempFolder } from '../helpers/temp-folder';

/** The engine process as the host forks it (tsc's build of engine-main.ts), its temporary folder a fresh one. */
function startEngine(): ChildProcess {
  return fork(join(REPO, 'out', 'src', 'node', 'engine', 'engine-main.js'), [], { env: { ...process.env, TMPDIR: tempFolder('stylegraph-engine-main-') }, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
}

test('the engine process answers requests over IPC, and exits (code 0) when the host disconnects', async () => {
  const engine = startEngine();
  const replied = once(engine, 'message') as Promise<[EngineReply]>;
  engine.send({ type: 'inspect', job: 3, client: 'editor-1', nodeId: 'gram' });
  const [reply] = await replied;
  assert.deepEqual(reply, { client: 'editor-1', job: 3, event: { kind: 'error', message: 'Run the graph to look inside this node.' } });
  const exited = once(engine, 'exit');
  engine.disconnect();
  assert.deepEqual(await exited, [0, null]);
});

test('SIGTERM (the last editor closed) ends the engine process with code 0', async () => {
  const engine = startEngine();
  // Once it answers, its handlers are in place.
  const replied = once(engine, 'message');
  engine.send({ type: 'inspect', job: 1, client: 'editor-1', nodeId: 'x' });
  await replied;
  const exited = once(engine, 'exit');
  engine.kill('SIGTERM');
  assert.deepEqual(await exited, [0, null]);
});
