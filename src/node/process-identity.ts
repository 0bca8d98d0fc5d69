import { readFileSync } from 'node:fs';

/**
 * When process `pid` started, as /proc/<pid>/stat's 22nd field (clock ticks since boot); undefined
 * where there is no such process, or no /proc (not Linux).
 */
function procStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    // Field 2, the command name, is in parentheses and may itself hold spaces and parentheses.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

let ownToken: string | undefined;
let hasProc = false;

/**
 * This process's start time, to put beside its PID in a name: with the PID it names this process
 * and no later one that gets the same PID. /proc's start time on Linux; elsewhere the time it
 * started in milliseconds, which only this process can know (see isProcessRunning).
 */
export function ownStartTime(): string {
  if (ownToken === undefined) {
    const fromProc = procStartTime(process.pid);
    hasProc = fromProc !== undefined;
    ownToken = fromProc ?? String(Math.floor(performance.timeOrigin));
  }
  return ownToken;
}

/**
 * True while process `pid`, started at `startTime` (an ownStartTime of that process), runs. With
 * /proc the start time must match, so a PID reused by another process counts as gone; without it
 * only the PID can be asked about (process.kill(pid, 0)), and a reused PID counts as the owner.
 */
export function isProcessRunning(pid: number, startTime: string): boolean {
  if (pid === process.pid) return startTime === ownStartTime();
  ownStartTime();
  if (hasProc) return procStartTime(pid) === startTime;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it runs, as another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
