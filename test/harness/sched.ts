import fs from 'node:fs';

/** Linux scheduling policies as /proc reports them. */
export const SCHED_OTHER = 0;
export const SCHED_IDLE = 5;

/** Niceness and scheduling policy of a task (process or thread), from /proc/<tid>/stat (fields 19 and 41). */
export function schedOf(tid: number | string, pid?: number): { nice: number; policy: number } {
  const file = pid === undefined ? `/proc/${tid}/stat` : `/proc/${pid}/task/${tid}/stat`;
  const stat = fs.readFileSync(file, 'utf8');
  // The fields after the command name, which is in parentheses and may hold spaces.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { nice: Number(rest[19 - 3]), policy: Number(rest[41 - 3]) };
}

/** The scheduling of every thread of a process. */
export function threadSchedules(pid: number): Array<{ tid: number; nice: number; policy: number }> {
  return fs.readdirSync(`/proc/${pid}/task`).map((tid) => ({ tid: Number(tid), ...schedOf(tid, pid) }));
}
