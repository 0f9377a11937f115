import { createHash } from 'node:crypto';
import type { OutcomeCounter } from '../ingest/outcomes.js';
import { blobDay, type BlobStore } from '../storage/blob-store.js';
import type { Storage } from '../storage/storage.js';
import type { PendingAttachment, SplitBatch } from './envelope-batch.js';
import type { PendingReplaySegment } from './replay/segment.js';

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
  if (split.replays.length > 0) await saveReplays(split.replays, deps);
  let stored = 0;
  if (split.errors.length > 0) {
    const result = await deps.storage.saveErrorEvents(split.errors);
    stored += result.saved;
    for (const [projectId, n] of result.savedPerProject)
      deps.outcomes.add(projectId, 'accepted', 'error', 'stored', n);
  }
  const perf = split.transactions;
  if (perf.transactions.length + perf.spanChunks.length + perf.measurements.length > 0) {
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
  const rows = items.map((a) => ({
    projectId: a.projectId,
    eventId: a.eventId,
    index: a.index,
    name: a.name,
    contentType: a.contentType,
    attachmentType: a.attachmentType,
    size: a.payload.length,
    sha1: createHash('sha1').update(a.payload).digest('hex'),
    blobKey: `attachments/${blobDay(a.receivedAt)}/${a.projectId}-${a.eventId}-${a.index}`,
    dateCreated: a.receivedAt,
  }));
  await deps.blobs.putMany(rows.map((r, i) => ({ key: r.blobKey, data: items[i]!.payload })));
  // Sentry counts attachments in bytes.
  for (const a of items) deps.outcomes.add(a.projectId, 'accepted', 'attachment', 'stored', a.payload.length);
  await deps.storage.saveAttachments(rows);
}

/**
 * One blob per (project, replay, segment), keyed by those, so a segment processed twice overwrites its
 * own blob and the row insert is a no-op. Blobs first, rows second, as for attachments.
 */
async function saveReplays(segments: PendingReplaySegment[], deps: SaveDeps): Promise<void> {
  const rows = segments.map((s) => {
    const blobKey = `replays/${blobDay(s.receivedAt)}/${s.projectId}-${s.replayId}-${s.segmentId}`;
    return {
      projectId: s.projectId,
      replayId: s.replayId,
      segmentId: s.segmentId,
      receivedAt: s.receivedAt,
      timestamp: s.meta.timestamp,
      startedAt: s.meta.startedAt,
      urls: s.meta.urls,
      errorIds: s.meta.errorIds,
      traceIds: s.meta.traceIds,
      info: s.meta.info,
      blobKey,
      size: s.recording.length + (s.video?.length ?? 0),
      videoBlobKey: s.video ? `${blobKey}.mp4` : null,
    };
  });
  await deps.blobs.putMany(
    segments.flatMap((s, i) => {
      const row = rows[i]!;
      const items = [{ key: row.blobKey, data: s.recording }];
      if (s.video && row.videoBlobKey) items.push({ key: row.videoBlobKey, data: s.video });
      return items;
    }),
  );
  const added = await deps.storage.saveReplaySegments(rows);
  for (const [projectId, n] of added) deps.outcomes.add(projectId, 'accepted', 'replay', 'stored', n);
}
