/**
 * The shared database's schema, in numbered migrations recorded in its own table
 * (sb_schema_migrations), applied under an advisory lock so several machines may start at once.
 * Sized for 10,000 profiles on 1,000 machines: the directory, counters and audit are keyed and
 * indexed by space, sync reads by version or sequence only, the admin view from one rollup.
 *
 * What is here is what the space shares; nothing of a vault (docs/SECURITY.md, "Team spaces").
 */
import type pg from 'pg';
import { SwitchboardError } from '../../shared/errors.js';

export interface PgMigration {
  version: number;
  name: string;
  sql: string;
}

export const PG_MIGRATIONS: readonly PgMigration[] = [
  {
    version: 1,
    name: 'team-space',
    sql: `
      CREATE TABLE sb_space (
        id           text PRIMARY KEY,
        name         text NOT NULL,
        created_at   bigint NOT NULL,
        public_key   text NOT NULL,              -- the key the space was published with (what join shows)
        published_at timestamptz NOT NULL DEFAULT now()
      );
      -- Signed state records, one per kind (the policy statement and the rows it covers; later kinds,
      -- such as custom connectors, are more rows). version is the signed statement's own version.
      CREATE TABLE sb_state (
        space_id   text NOT NULL REFERENCES sb_space (id) ON DELETE CASCADE,
        kind       text NOT NULL,
        version    bigint NOT NULL,
        record     text NOT NULL,
        machine_id text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (space_id, kind)
      );
      CREATE TABLE sb_machine (
        space_id  text NOT NULL REFERENCES sb_space (id) ON DELETE CASCADE,
        id        text NOT NULL,
        name      text NOT NULL,
        last_sync timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (space_id, id)
      );
      CREATE SEQUENCE sb_directory_seq;
      -- The profile directory: who exists where. Roles and keys here are informative only; the signed
      -- policy is what every machine acts on.
      CREATE TABLE sb_profile (
        space_id   text NOT NULL REFERENCES sb_space (id) ON DELETE CASCADE,
        id         text NOT NULL,
        name       text NOT NULL,
        name_key   text NOT NULL,
        role       text NOT NULL,
        machine_id text NOT NULL,
        enc_pub    text,
        created_at bigint NOT NULL,
        removed    boolean NOT NULL DEFAULT false,
        seq        bigint NOT NULL DEFAULT nextval('sb_directory_seq'),
        PRIMARY KEY (space_id, id)
      );
      CREATE UNIQUE INDEX sb_profile_name ON sb_profile (space_id, name_key) WHERE NOT removed;
      CREATE INDEX sb_profile_seq ON sb_profile (space_id, seq);
      CREATE INDEX sb_profile_machine ON sb_profile (space_id, machine_id);
      CREATE FUNCTION sb_profile_touch() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN NEW.seq := nextval('sb_directory_seq'); RETURN NEW; END $$;
      CREATE TRIGGER sb_profile_touch BEFORE UPDATE ON sb_profile FOR EACH ROW EXECUTE FUNCTION sb_profile_touch();
      -- Published counters: per profile, day and connector, written by the profile's machine with
      -- absolute values (a push repeated after an outage counts nothing twice).
      CREATE TABLE sb_counter (
        space_id     text NOT NULL REFERENCES sb_space (id) ON DELETE CASCADE,
        tenant_id    text NOT NULL,
        day          integer NOT NULL,
        connector_id text NOT NULL,
        machine_id   text NOT NULL,
        calls        bigint NOT NULL,
        errors       bigint NOT NULL,
        total_ms     bigint NOT NULL,
        approvals    bigint NOT NULL,
        denials      bigint NOT NULL,
        PRIMARY KEY (space_id, tenant_id, day, connector_id)
      );
      CREATE INDEX sb_counter_day ON sb_counter (space_id, day);
      -- Each machine's audit trail, entry by entry with its hash chain, keyed by the machine's own id
      -- of the entry (a batch pushed twice adds nothing).
      CREATE TABLE sb_audit (
        space_id   text NOT NULL REFERENCES sb_space (id) ON DELETE CASCADE,
        machine_id text NOT NULL,
        local_id   bigint NOT NULL,
        at         bigint NOT NULL,
        actor_id   text NOT NULL,
        actor      text NOT NULL,
        action     text NOT NULL,
        detail     text NOT NULL,
        prev_hash  text NOT NULL,
        hash       text NOT NULL,
        PRIMARY KEY (space_id, machine_id, local_id)
      );
      CREATE INDEX sb_audit_at ON sb_audit (space_id, at);
      -- Machines that listen hear of a new state or directory change at once.
      CREATE FUNCTION sb_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_notify('switchboard_sync', NEW.space_id || ' ' || TG_TABLE_NAME); RETURN NULL; END $$;
      CREATE TRIGGER sb_state_notify AFTER INSERT OR UPDATE ON sb_state FOR EACH ROW EXECUTE FUNCTION sb_notify();
      CREATE TRIGGER sb_profile_notify AFTER INSERT OR UPDATE ON sb_profile FOR EACH ROW EXECUTE FUNCTION sb_notify();
    `,
  },
];

export const NOTIFY_CHANNEL = 'switchboard_sync';
const LOCK_ID = 0x5b17_0001;

/** Bring the database's schema up to date (each migration in one transaction). UNSUPPORTED_VERSION for a newer one. */
export async function migratePg(client: pg.Client): Promise<void> {
  await client.query('SELECT pg_advisory_lock($1)', [LOCK_ID]);
  try {
    await client.query('CREATE TABLE IF NOT EXISTS sb_schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
    const { rows } = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM sb_schema_migrations');
    const current = rows[0]?.v ?? 0;
    const latest = PG_MIGRATIONS[PG_MIGRATIONS.length - 1]!.version;
    if (current > latest) {
      throw new SwitchboardError('UNSUPPORTED_VERSION', `The team database was set up by a newer Switchboard (schema ${current}; this one knows up to ${latest}). Update Switchboard on this machine.`);
    }
    for (const m of PG_MIGRATIONS) {
      if (m.version <= current) continue;
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO sb_schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK_ID]).catch(() => undefined);
  }
}
