import { describe, expect, it } from 'vitest';
import { deriveTags, userKeyOf } from './derived-tags.js';

describe('userKeyOf', () => {
  it('prefers id, then username, then email, then IP (Sentry EventUser order)', () => {
    expect(userKeyOf({ id: 42, username: 'u', email: 'e@x.test', ip_address: '1.2.3.4' })).toBe('id:42');
    expect(userKeyOf({ username: 'u', email: 'e@x.test' })).toBe('username:u');
    expect(userKeyOf({ email: 'e@x.test', ip_address: '1.2.3.4' })).toBe('email:e@x.test');
    expect(userKeyOf({ ip_address: '1.2.3.4' })).toBe('ip:1.2.3.4');
    expect(userKeyOf({})).toBeNull();
    expect(userKeyOf('nope')).toBeNull();
  });
});

describe('deriveTags', () => {
  const data = {
    level: 'error',
    environment: 'production',
    release: 'app@1',
    dist: '7',
    transaction: '/checkout',
    server_name: 'web-1',
    logger: 'orders',
    request: { url: 'https://shop.test/checkout' },
    user: { email: 'a@b.test' },
    contexts: {
      browser: { name: 'Chrome', version: '120.0.1' },
      os: { name: 'Windows', version: '10' },
      runtime: { name: 'node', version: 'v20.20.2' },
      device: { model: 'Pixel 8', family: 'Pixel' },
      replay: { replay_id: 'b524af63f5f14693937c1962efde5759' },
    },
    exception: {
      values: [
        { type: 'A', mechanism: { type: 'onerror', handled: true } },
        { type: 'B', mechanism: { type: 'onunhandledrejection', handled: false } },
      ],
    },
  };

  it('adds Sentry’s derived tags after the SDK’s own', () => {
    const tags = deriveTags(data, [
      ['component', 'checkout'],
      ['environment', 'sdk-said'],
    ]);
    expect(tags[0]).toEqual(['component', 'checkout']);
    expect(Object.fromEntries(tags)).toEqual({
      component: 'checkout',
      environment: 'production',
      level: 'error',
      logger: 'orders',
      release: 'app@1',
      dist: '7',
      transaction: '/checkout',
      server_name: 'web-1',
      url: 'https://shop.test/checkout',
      browser: 'Chrome 120.0.1',
      'browser.name': 'Chrome',
      os: 'Windows 10',
      'os.name': 'Windows',
      runtime: 'node v20.20.2',
      'runtime.name': 'node',
      device: 'Pixel 8',
      'device.family': 'Pixel',
      handled: 'no',
      mechanism: 'onunhandledrejection',
      user: 'email:a@b.test',
      replayId: 'b524af63f5f14693937c1962efde5759',
    });
  });

  it('leaves out values Sentry could not store as tags', () => {
    const tags = Object.fromEntries(
      deriveTags({ request: { url: `https://x.test/${'p'.repeat(300)}` }, level: 'info' }, []),
    );
    expect(tags).toEqual({ level: 'info' });
  });
});
