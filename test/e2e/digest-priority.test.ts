import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../harness/api.js';
import { SCHED_IDLE, SCHED_OTHER, threadSchedules } from '../harness/sched.js';
import { startServer, type TestServer } from '../harness/server.js';

/** The threads of the server at nice 10: the digest threads, the only ones the server lowers. */
function digestThreads(server: TestServer): Array<{ nice: number; policy: number }> {
  return threadSchedules(server.proc.pid!).filter((t) => t.nice === 10);
}

describe.runIf(process.platform === 'linux')('digest thread priority', () => {
  let server: TestServer | null = null;
  afterEach(async () => {
    await server?.stop();
    server = null;
  });

  it('runs the digest in the idle class beside the HTTP edge, and the edge at normal priority', async () => {
    // The harness asks for `low`; an empty variable leaves the server's own default.
    server = await startServer({ env: { FAULTLINE_DIGEST_PRIORITY: '' } });
    expect(digestThreads(server).map((t) => t.policy)).toEqual([SCHED_IDLE]);
    const pid = server.proc.pid!;
    expect(threadSchedules(pid).find((t) => t.tid === pid)).toMatchObject({ nice: 0, policy: SCHED_OTHER });
  });

  it('keeps the digest at nice 10 with --digest-priority low', async () => {
    server = await startServer({ args: ['--digest-priority', 'low'] });
    expect(digestThreads(server).map((t) => t.policy)).toEqual([SCHED_OTHER]);
    expect(threadSchedules(server.proc.pid!).some((t) => t.policy === SCHED_IDLE)).toBe(false);
  });

  it('keeps the digest at nice 10 in a process without the ingest role', async () => {
    server = await startServer({
      args: ['--roles', 'digest,web,jobs'],
      env: { FAULTLINE_DIGEST_PRIORITY: '' },
    });
    expect(digestThreads(server).map((t) => t.policy)).toEqual([SCHED_OTHER]);
  });

  it('says so, and runs the digest at nice 10, where chrt cannot be found', async () => {
    server = await startServer({ env: { FAULTLINE_DIGEST_PRIORITY: '', PATH: '/nonexistent' } });
    expect(digestThreads(server).map((t) => t.policy)).toEqual([SCHED_OTHER]);
    await waitFor(
      async () => server!.output().includes('could not move to the idle scheduling class'),
      5_000,
      'the warning',
    );
  });

  it('refuses an unknown priority with a clear error', async () => {
    await expect(startServer({ args: ['--digest-priority', 'high'] })).rejects.toThrow(
      '--digest-priority must be idle or low',
    );
  });
});
