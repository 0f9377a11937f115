import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { SCHED_IDLE, SCHED_OTHER, schedOf } from '../../test/harness/sched.js';
import { lowerThreadPriority } from './thread-priority.js';

const linux = process.platform === 'linux';
const children: Array<ReturnType<typeof spawn>> = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill();
});

/** A process to lower: its pid is also its main thread's id. */
function sleeper(): number {
  const child = spawn('sleep', ['30'], { stdio: 'ignore' });
  children.push(child);
  if (child.pid === undefined) throw new Error('sleep did not start');
  return child.pid;
}

describe.runIf(linux)('lowerThreadPriority', () => {
  it('raises the niceness only, unless asked for the idle class', () => {
    const tid = sleeper();
    expect(schedOf(tid)).toEqual({ nice: 0, policy: SCHED_OTHER });
    expect(lowerThreadPriority(10, false, tid)).toBe('nice');
    expect(schedOf(tid)).toEqual({ nice: 10, policy: SCHED_OTHER });
  });

  it('moves the thread to SCHED_IDLE when asked', () => {
    const tid = sleeper();
    expect(lowerThreadPriority(10, true, tid)).toBe('idle');
    expect(schedOf(tid).policy).toBe(SCHED_IDLE);
  });

  it('reports a thread that is gone as unchanged', () => {
    expect(lowerThreadPriority(10, true, 2 ** 22 + 12_345)).toBe('unchanged');
  });
});
