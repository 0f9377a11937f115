import fs from 'node:fs';
import os from 'node:os';

/**
 * Lowers the scheduling priority of the calling thread only (Linux: a thread id given to setpriority
 * names that one thread). The digest threads run at a lower priority so that, when the machine is
 * short of CPU, answering SDKs wins and the durable spool absorbs the difference, as Relay favours
 * accepting over processing. Elsewhere, or if refused, nothing changes; returns whether it did.
 */
export function lowerThreadPriority(niceness: number): boolean {
  try {
    // "/proc/thread-self" links to "<pid>/task/<tid>" for the thread that reads it.
    const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid <= 0) return false;
    os.setPriority(tid, niceness);
    return true;
  } catch {
    return false;
  }
}
