import { readFile } from 'node:fs/promises';

/** User + system CPU a process has used so far, in ms (/proc/<pid>/stat, 100 ticks a second); NaN once it is gone. */
export async function processCpuMs(pid: number | undefined): Promise<number> {
  if (pid === undefined) return Number.NaN;
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  if (!stat) return Number.NaN;
  // Fields after the command name, which may hold spaces: state is the first, utime the 12th, stime the 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

export interface CpuSample {
  name: string;
  pids: number[];
}

/** What each named group of processes spent between two readings. */
export async function cpuBetween(groups: readonly CpuSample[], work: () => Promise<void>): Promise<{ name: string; ms: number }[]> {
  const read = () => Promise.all(groups.map(async (group) => (await Promise.all(group.pids.map(processCpuMs))).map((ms) => (Number.isNaN(ms) ? 0 : ms))));
  const before = await read();
  await work();
  const after = await read();
  return groups.map((group, g) => ({
    name: group.name,
    ms: (after[g] ?? []).reduce((sum, ms, p) => sum + Math.max(0, ms - (before[g]?.[p] ?? 0)), 0),
  }));
}
