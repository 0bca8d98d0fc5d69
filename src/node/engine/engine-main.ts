/**
 * The editor's engine process (dist/engine.js; out/src/node/engine/engine-main.js under tsc): the
 * extension host forks it (engine-client.ts) and asks it to run, evaluate and look inside graphs
 * with the CLI's run session and backends. One job at a time (the client queues); Stop and forget
 * are answered at once.
 */
import { removeOrphanedTempFolders } from '../temp-folders';
import type { EngineReply, EngineRequest } from '../../core/protocol/engine-messages';
import { EngineJobs } from './engine-jobs';

const send = (reply: EngineReply): void => {
  process.send?.(reply);
};

const jobs = new EngineJobs(send, (line) => void process.stderr.write(`${line}\n`));

process.on('message', (request: EngineRequest) => jobs.handle(request));
// The host went away (its IPC channel closed): nothing is left to serve.
process.on('disconnect', () => process.exit(0));
void removeOrphanedTempFolders();
// Ended by the host (no editor left): exit runs the temporary folders' removal (the onnx weights file among them).
process.on('SIGTERM', () => process.exit(0));
