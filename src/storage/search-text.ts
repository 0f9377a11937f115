import type { EventForStorage } from '../digest/event/processed-event.js';

/** Text the free-text issue search looks in: title, culprit and the exception value, lowercased. */
export function issueSearchText(ev: EventForStorage): string {
  const value = typeof ev.metadata.value === 'string' ? ev.metadata.value : '';
  return `${ev.title}\n${ev.culprit}\n${value}`.toLowerCase().slice(0, 2000);
}
