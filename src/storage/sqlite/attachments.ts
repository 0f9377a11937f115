import type { AttachmentRecord } from '../types.js';
import { stmt, type Db } from './database.js';
import type { Row } from './rows.js';

function toAttachment(r: Row): AttachmentRecord {
  return {
    id: Number(r.id),
    projectId: Number(r.project_id),
    eventId: String(r.event_id),
    index: Number(r.idx),
    name: String(r.name),
    contentType: String(r.content_type),
    attachmentType: String(r.attachment_type),
    size: Number(r.size),
    sha1: String(r.sha1),
    blobKey: String(r.blob_key),
    dateCreated: Number(r.date_created),
  };
}

/** Attachment metadata on SQLite. */
export class SqliteAttachments {
  constructor(private readonly db: Db) {}

  save(rows: Array<Omit<AttachmentRecord, 'id'>>): void {
    const insert = stmt(
      this.db,
      `INSERT INTO attachments (project_id, event_id, idx, name, content_type, attachment_type, size, sha1, blob_key, date_created)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    );
    this.db.transaction(() => {
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
    })();
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
