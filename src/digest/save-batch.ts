import { createHash } from 'node:crypto';
import type { OutcomeCounter } from '../ingest/outcomes.js';
import { blobDay, type BlobStore } from '../storage/blob-store.js';
import type { Storage } from '../storage/storage.js';
import type { PendingAttachment, SplitBatch } from './envelope-batch.js';

/** What saving a split batch needs. */
export interface SaveDeps {
  storage: Storage;
  blobs: BlobStore;
  outcomes: OutcomeCounter;
}

/**
 * Stores what one batch of envelopes turned into, kind by kind: attachments, errors, then transactions
 * and spans. Each kind's storage call is idempotent, so a batch replayed after a crash stores nothing
 * twice; outcomes count only what this call added (duplicates were counted the first time round).
 * Returns the events (errors and transactions) stored.
 */
export async function saveSplitBatch(split: SplitBatch, deps: SaveDeps): Promise<number> {
  if (split.attachments.length > 0) await saveAttachments(split.attachments, deps);
  let stored = 0;
  if (split.errors.length > 0) {
    const result = await deps.storage.saveErrorEvents(split.errors);
    stored += result.saved;
    for (const [projectId, n] of result.savedPerProject)
      deps.outcomes.add(projectId, 'accepted', 'error', 'stored', n);
  }
  const perf = split.transactions;
  if (perf.transactions.length + perf.spans.length + perf.measurements.length > 0) {
    const result = await deps.storage.saveTransactions(perf);
    stored += result.saved;
    for (const [projectId, n] of result.savedPerProject)
      deps.outcomes.add(projectId, 'accepted', 'transaction', 'stored', n);
    for (const [projectId, n] of result.spansSavedPerProject)
      deps.outcomes.add(projectId, 'accepted', 'span', 'stored', n);
  }
  return stored;
}

/**
 * Blobs first, rows second: a crash in between leaves a file that the next attempt overwrites (the
 * key is derived from the event and item position) or that retention removes with its day folder.
 */
async function saveAttachments(items: PendingAttachment[], deps: SaveDeps): Promise<void> {
  const rows = [];
  for (const a of items) {
    const blobKey = `attachments/${blobDay(a.receivedAt)}/${a.projectId}-${a.eventId}-${a.index}`;
    await deps.blobs.put(blobKey, a.payload);
    rows.push({
      projectId: a.projectId,
      eventId: a.eventId,
      index: a.index,
      name: a.name,
      contentType: a.contentType,
      attachmentType: a.attachmentType,
      size: a.payload.length,
      sha1: createHash('sha1').update(a.payload).digest('hex'),
      blobKey,
      dateCreated: a.receivedAt,
    });
    // Sentry counts attachments in bytes.
    deps.outcomes.add(a.projectId, 'accepted', 'attachment', 'stored', a.payload.length);
  }
  await deps.storage.saveAttachments(rows);
}
