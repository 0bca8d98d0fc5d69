import { parseCliArgs, PlanError, UsageError, USAGE } from './args';
import { runCommand } from './run-command';
import { sweepCommand } from './sweep-command';
import { sweepEmitCommand } from './sweep-emit';
import { sweepPlanCommand } from './sweep-plan-run';
import { sweepCollectCommand } from './sweep-collect';
import { validateCommand } from './validate-command';
import { cacheCommand } from './cache-command';
import { removeOrphanedTempFolders } from '../node/temp-folders';
import { GraphError } from '../core/graph/problems';
import { NodeRunError } from '../core/nodes/types';

/** The stylegraph command line; resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const log = (line: string) => void process.stderr.write(`${line}\n`);
  let json = false;
  try {
    const args = parseCliArgs(argv);
    if (args.command === 'help') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (args.command === 'validate') return await validateCommand(args.graphs, (line) => void process.stdout.write(`${line}\n`));
    if (args.command === 'cache') return await cacheCommand(args, (line) => void process.stdout.write(`${line}\n`));
    json = args.json;
    const out = { line: (text: string) => void process.stdout.write(`${text}\n`), log, stderr: process.stderr };
    if (args.command === 'sweep-collect') return await sweepCollectCommand(args, out);
    if (args.command === 'sweep' && args.emit !== undefined) return await sweepEmitCommand({ ...args, emit: args.emit }, out);
    // What killed runs left in the temporary folder (the onnx backend's 160 MB weights file among it).
    await removeOrphanedTempFolders();
    const controller = new AbortController();
    // SIGHUP: the terminal was closed. Each stops the run; the process then exits as usual, removing its temporary folders.
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => controller.abort());
    const command = args.command === 'sweep' ? sweepCommand(args, out, controller.signal) : args.command === 'sweep-plan' ? sweepPlanCommand(args, out, controller.signal) : runCommand(args, out, controller.signal);
    return await command.catch((error: unknown) => {
      // Ctrl-C before the loop (a download, a conversion) is a cancellation too, whatever it interrupted.
      if (!controller.signal.aborted) throw error;
      if (json) process.stdout.write(`${JSON.stringify({ event: 'cancelled', iteration: 0 })}\n`);
      log('cancelled before the run started; nothing written');
      return 130;
    });
  } catch (e) {
    if (e instanceof UsageError) {
      log(`stylegraph: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    const error = e as Error;
    if (e instanceof PlanError) {
      if (json) process.stdout.write(`${JSON.stringify({ event: 'error', message: error.message })}\n`);
      log(`stylegraph: ${error.message}`);
      return 2;
    }
    const nodeId = e instanceof NodeRunError ? e.nodeId : e instanceof GraphError ? e.problems.find((p) => p.nodeId)?.nodeId : undefined;
    if (json) process.stdout.write(`${JSON.stringify({ event: 'error', message: error.message, ...(nodeId && { nodeId }) })}\n`);
    log(`stylegraph: ${error.message}`);
    return 1;
  }
}
