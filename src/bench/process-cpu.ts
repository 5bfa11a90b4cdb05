import { readdirSync, readFileSync } from 'node:fs';

/** Linux reports process CPU times in clock ticks of 10 ms (`getconf CLK_TCK` = 100 on every Linux we run on). */
const msPerTick = 10;

/** The process's own CPU time (user + system) in ms, or null when /proc cannot say (not Linux, process gone). */
function ownCpuMs(pid: number): number | null {
  try {
    // Fields after the command name (which may contain spaces): utime and stime are the 12th and 13th of them.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * msPerTick;
  } catch {
    return null;
  }
}

/** The process's child processes now (e.g. an app server's cluster workers). */
function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((tid) =>
      readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number),
    );
  } catch {
    return [];
  }
}

/**
 * CPU time used so far by a process and its current children, in ms (NaN where /proc is missing). The bench reads it
 * before and after a phase to say what one request cost in CPU on each side, a figure the machine's other load
 * changes far less than a throughput.
 */
export function processTreeCpuMs(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  const own = ownCpuMs(pid);
  if (own === null) return NaN;
  return childrenOf(pid).reduce((sum, child) => sum + (ownCpuMs(child) ?? 0), own);
}
