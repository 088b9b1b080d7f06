// The PostgreSQL the team-space tests use is real: a database of our own on it takes and returns rows.
import { describe, expect, it } from 'vitest';
import { freshDatabase, havePostgres, withClient } from '../fixtures/postgres.js';

describe.skipIf(!havePostgres)('the test PostgreSQL', () => {
  it('gives each test a fresh, empty database that needs the password', async () => {
    const db = await freshDatabase();
    try {
      const tables = await withClient(db.url, async (c) => (await c.query("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'")).rows[0]);
      expect(tables).toEqual({ n: 0 });
      expect(db.url).not.toContain(':@');
      expect(new URL(db.url).password).toBe('');
    } finally {
      await db.drop();
    }
  });
});
