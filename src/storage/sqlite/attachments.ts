import type { AttachmentRecord } from '../types.js';
import { stmt, type Db } from './database.js';
import { toAttachment, type Row } from '../rows.js';

/** Attachment metadata on SQLite. */
export class SqliteAttachments {
  constructor(private readonly db: Db) {}

  save(rows: Array<Omit<AttachmentRecord, 'id'>>): void {
    const insert = stmt(
      this.db,
      `INSERT INTO attachments (project_id, event_id, idx, name, content_type, attachment_type, size, sha1, blob_key, date_created)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    );
    this.db
      .transaction(() => {
        for (const r of rows) {
          insert.run(
            r.projectId,
            r.eventId,
            r.index,
            r.name,
            r.contentType,
            r.attachmentType,
            r.size,
            r.sha1,
            r.blobKey,
            r.dateCreated,
          );
        }
      })
      .immediate();
  }

  listForEvent(projectId: number, eventId: string): AttachmentRecord[] {
    return (
      stmt(this.db, 'SELECT * FROM attachments WHERE project_id = ? AND event_id = ? ORDER BY idx').all(
        projectId,
        eventId,
      ) as Row[]
    ).map(toAttachment);
  }
}
