import { randomUUID } from 'node:crypto';
import type { ProcessedEvent } from '../../src/digest/event/processed-event.js';

/** A processed error event for storage tests, with overridable fields. */
export function makeEvent(projectId: number, overrides: Partial<ProcessedEvent> = {}): ProcessedEvent {
  const timestamp = overrides.timestamp ?? Date.now();
  return {
    eventId: randomUUID().replaceAll('-', ''),
    projectId,
    type: 'error',
    level: 'error',
    platform: 'node',
    timestamp,
    receivedAt: timestamp,
    title: 'TypeError: boom',
    culprit: 'explode(app)',
    metadata: { type: 'TypeError', value: 'boom' },
    release: 'app@1.0.0',
    environment: 'production',
    dist: null,
    serverName: null,
    transaction: null,
    traceId: null,
    tags: [
      ['level', 'error'],
      ['environment', 'production'],
      ['release', 'app@1.0.0'],
    ],
    userKey: null,
    hashes: ['a'.repeat(32)],
    groupingConfig: 'test:1',
    data: { message: 'boom', platform: 'node' },
    ...overrides,
  };
}
