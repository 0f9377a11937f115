import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';

/** How far a thread was lowered: the idle class, a higher niceness only, or not at all. */
export type LoweredTo = 'idle' | 'nice' | 'unchanged';

/** The calling thread's id ("/proc/thread-self" links to "<pid>/task/<tid>"), or null off Linux. */
function ownThreadId(): number | null {
  try {
    const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
    return Number.isInteger(tid) && tid > 0 ? tid : null;
  } catch {
    return null;
  }
}

/**
 * Lowers the scheduling priority of one thread (the calling one unless `tid` is given; on Linux a thread
 * id given to setpriority names that one thread). The digest threads run lower so that, when the
 * machine is short of CPU, answering SDKs wins and the durable spool absorbs the difference, as Relay
 * favours accepting over processing.
 *
 * With `idleClass`, the thread also moves to SCHED_IDLE (through util-linux's `chrt`, as Node has no
 * call for it; fixed arguments, no shell). The scheduler then lets a woken HTTP thread run at once
 * instead of sharing the core with the digest by weight: with all roles in one process, the
 * closed-loop ingest rate rose by about 12 % over nice 10 (bench/RESULTS.md; nice 19 had not helped).
 * An idle-class thread still gets every CPU cycle nothing else wants, so a steady load is digested as
 * before. Elsewhere, or if refused, it stays as it was; the result says how far it got.
 */
export function lowerThreadPriority(niceness: number, idleClass = false, tid = ownThreadId()): LoweredTo {
  if (tid === null) return 'unchanged';
  try {
    os.setPriority(tid, niceness);
  } catch {
    return 'unchanged';
  }
  if (!idleClass) return 'nice';
  try {
    execFileSync('chrt', ['--idle', '--pid', '0', String(tid)], { stdio: 'ignore', timeout: 5_000 });
    return 'idle';
  } catch {
    return 'nice';
  }
}
