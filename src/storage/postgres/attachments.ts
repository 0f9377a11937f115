import type pg from 'pg';
import type { AttachmentRecord } from '../types.js';
import type { Row } from './database.js';
import { toAttachment } from '../rows.js';

/** Attachment metadata on PostgreSQL. */
export class PostgresAttachments {
  constructor(private readonly pool: pg.Pool) {}

  async save(rows: Array<Omit<AttachmentRecord, 'id'>>): Promise<void> {
    if (rows.length === 0) return;
    // One statement is one transaction; DO NOTHING makes a re-processed envelope a no-op.
    await this.pool.query(
      `INSERT INTO attachments (project_id, event_id, idx, name, content_type, attachment_type, size, sha1,
         blob_key, date_created)
       SELECT * FROM unnest($1::int[], $2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::bigint[],
         $8::text[], $9::text[], $10::bigint[]) AS t(p, e, i, n, ct, at, s, sh, b, d) ORDER BY p, e COLLATE "C", i
       ON CONFLICT DO NOTHING`,
      [
        rows.map((r) => r.projectId),
        rows.map((r) => r.eventId),
        rows.map((r) => r.index),
        rows.map((r) => r.name),
        rows.map((r) => r.contentType),
        rows.map((r) => r.attachmentType),
        rows.map((r) => r.size),
        rows.map((r) => r.sha1),
        rows.map((r) => r.blobKey),
        rows.map((r) => r.dateCreated),
      ],
    );
  }

  async listForEvent(projectId: number, eventId: string): Promise<AttachmentRecord[]> {
    const { rows } = await this.pool.query<Row>(
      'SELECT * FROM attachments WHERE project_id = $1 AND event_id = $2 ORDER BY idx',
      [projectId, eventId],
    );
    return rows.map(toAttachment);
  }
}
