import { describe, expect, it } from 'vitest';
import { POSTGRES_MIGRATIONS } from './postgres/schema.js';
import { SQLITE_MIGRATIONS } from './sqlite/migrations.js';

// Both runners apply migrations in array order and record the last version applied. Branches take
// version numbers ahead of time (gaps are fine), so a merge that appends them out of order would skip
// one on PostgreSQL or apply one twice on SQLite: this keeps every list strictly increasing.
describe('migration lists', () => {
  it.each([
    ['sqlite', SQLITE_MIGRATIONS],
    ['postgres', POSTGRES_MIGRATIONS],
  ])('%s versions only increase', (_name, migrations) => {
    const versions = migrations.map((m) => m.version);
    expect(versions).toEqual([...new Set(versions)].sort((a, b) => a - b));
  });
});
