import { describe, expect, it } from 'vitest';
import { capturedLog } from '../../test/harness/worker-stub.js';
import { DIGEST_LAG_WARN_MS, DigestLagWatch } from './digest-lag-watch.js';

describe('DigestLagWatch', () => {
  const now = 1_800_000_000_000;
  const watch = (oldest: number | null, idleClass: boolean) => {
    const { log, text } = capturedLog();
    return { job: new DigestLagWatch({ oldestWaiting: async () => oldest }, log, idleClass), text };
  };

  it('stays quiet while the digest keeps up, or nothing waits', async () => {
    for (const oldest of [null, now - 5_000, now - DIGEST_LAG_WARN_MS]) {
      const { job, text } = watch(oldest, true);
      await job.runOnce(now);
      expect(text()).toBe('');
    }
  });

  it('warns how far behind the digest is, with the setting to change when it runs in the idle class', async () => {
    const idle = watch(now - 95_000, true);
    await idle.job.runOnce(now);
    expect(idle.text()).toContain('"behindSeconds":95');
    expect(idle.text()).toContain('--digest-priority low');
    const low = watch(now - 95_000, false);
    await low.job.runOnce(now);
    expect(low.text()).toContain('"behindSeconds":95');
    expect(low.text()).not.toContain('--digest-priority');
  });
});
