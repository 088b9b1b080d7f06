// Each migration, from the shape before it to the shape after it, on real files.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, userVersion, type Migration } from '../../src/engine/db/migrate.js';
import { Db } from '../../src/engine/db/sqlite.js';
import { REGISTRY_MIGRATIONS } from '../../src/engine/space/migrations/index.js';
import { VAULT_MIGRATIONS } from '../../src/engine/vault/migrations/index.js';
import { removeDir, tempDir } from '../helpers.js';

const dirs: string[] = [];
afterEach(async () => Promise.all(dirs.splice(0).map(removeDir)));

async function freshDb(): Promise<Db> {
  const dir = await tempDir();
  dirs.push(dir);
  return Db.open(join(dir, 'x.db'), { create: true });
}

async function tables(db: Db): Promise<string[]> {
  const rows = await db.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
  return rows.map((r) => r.name);
}

describe('vault 0001-init', () => {
  it('turns an empty database into version 1 with vault_meta and settings', async () => {
    const db = await freshDb();
    await migrate(db, VAULT_MIGRATIONS.slice(0, 1), 'vault');
    expect(await userVersion(db)).toBe(1);
    expect(await tables(db)).toEqual(['settings', 'vault_meta']);
    await db.close();
  });
});

describe('registry 0001-init', () => {
  it('turns an empty database into version 1 with space and tenant', async () => {
    const db = await freshDb();
    await migrate(db, REGISTRY_MIGRATIONS.slice(0, 1), 'space registry');
    expect(await userVersion(db)).toBe(1);
    expect(await tables(db)).toEqual(['space', 'tenant']);
    await db.close();
  });
});

describe('the migration runner', () => {
  it('rolls a failing migration back whole and keeps the version it had', async () => {
    const db = await freshDb();
    const list: Migration[] = [
      { version: 1, name: 'one', up: (tx) => tx.exec('CREATE TABLE a (x INTEGER) STRICT') },
      {
        version: 2,
        name: 'two',
        up: async (tx) => {
          await tx.exec('CREATE TABLE b (x INTEGER) STRICT');
          throw new Error('boom');
        },
      },
    ];
    await expect(migrate(db, list, 'vault')).rejects.toThrow('boom');
    expect(await userVersion(db)).toBe(1);
    expect(await tables(db)).toEqual(['a']);
    await db.close();
  });

  it('refuses a database from a newer version without touching it', async () => {
    const db = await freshDb();
    await db.exec(`PRAGMA user_version = ${VAULT_MIGRATIONS.length + 1}`);
    await expect(migrate(db, VAULT_MIGRATIONS, 'vault')).rejects.toMatchObject({ code: 'UNSUPPORTED_VERSION' });
    expect(await tables(db)).toEqual([]);
    await db.close();
  });
});

describe('every later migration keeps what the shape before it held', () => {
  async function columns(db: Db, table: string): Promise<string[]> {
    return (await db.all<{ name: string }>(`PRAGMA table_info(${table})`)).map((c) => c.name);
  }

  it('vault 0002-connections adds connections, enablement, activity and outbox; settings survive', async () => {
    const db = await freshDb();
    await migrate(db, VAULT_MIGRATIONS.slice(0, 1), 'vault');
    await db.run("INSERT INTO settings (key, value, updated_at) VALUES ('autoLockMinutes', '7', 1)");
    await migrate(db, VAULT_MIGRATIONS, 'vault');
    expect(await userVersion(db)).toBe(VAULT_MIGRATIONS.length);
    expect(await tables(db)).toEqual(['activity', 'approval', 'connection', 'enabled_action', 'outbox', 'settings', 'setup_seq', 'vault_meta']);
    expect(await db.get("SELECT value FROM settings WHERE key = 'autoLockMinutes'")).toEqual({ value: '7' });
    await db.close();
  });

  it('vault 0003-oauth-provenance adds the recorded OAuth app and the refresh lease; connections survive', async () => {
    const db = await freshDb();
    await migrate(db, VAULT_MIGRATIONS.slice(0, 2), 'vault');
    await db.run("INSERT INTO connection (connector_id, auth_type, credentials, created_at, updated_at) VALUES ('github', 'oauth2', '{\"accessToken\":\"at\"}', 1, 1)");
    await migrate(db, VAULT_MIGRATIONS, 'vault');
    expect(await columns(db, 'connection')).toEqual(expect.arrayContaining(['oauth_client', 'refresh_lease_owner', 'refresh_lease_until']));
    expect(await db.get('SELECT connector_id, credentials, oauth_client, refresh_lease_owner FROM connection')).toEqual({
      connector_id: 'github',
      credentials: '{"accessToken":"at"}',
      oauth_client: null,
      refresh_lease_owner: null,
    });
    await db.close();
  });

  it('registry 0002 to 0006 add policy, OAuth apps, MCP tokens, admin counters and audit, key tables and quick unlock; tenants survive', async () => {
    for (let from = 1; from < REGISTRY_MIGRATIONS.length; from++) {
      const db = await freshDb();
      await db.exec('PRAGMA foreign_keys = ON');
      await migrate(db, REGISTRY_MIGRATIONS.slice(0, from), 'space registry');
      await db.run(
        "INSERT INTO tenant (id, name, name_key, role, created_at, kdf, wrap_passphrase, wrap_recovery) VALUES ('tn_aaaaaaaaaaaaaaaa', 'Sarah', 'sarah', 'admin', 1, '{}', x'00', x'00')",
      );
      await migrate(db, REGISTRY_MIGRATIONS, 'space registry');
      expect(await userVersion(db), `from ${from}`).toBe(REGISTRY_MIGRATIONS.length);
      expect(await db.get('SELECT name, role FROM tenant'), `from ${from}`).toEqual({ name: 'Sarah', role: 'admin' });
      await db.close();
    }
    const db = await freshDb();
    await migrate(db, REGISTRY_MIGRATIONS, 'space registry');
    expect(await tables(db)).toEqual([
      'admin_key',
      'audit',
      'custom_connector',
      'mcp_token',
      'oauth_client',
      'policy_rule',
      'quick_unlock',
      'space',
      'space_setting',
      'state_seq',
      'team_machine',
      'team_profile',
      'team_sync',
      'tenant',
      'tenant_key',
      'tenant_status',
      'usage_connector_daily',
      'usage_daily',
      'usage_hourly',
      'usage_rollup',
      'usage_rollup_meta',
      'usage_tenant_daily',
    ]);
    expect(await columns(db, 'mcp_token')).toEqual(expect.arrayContaining(['token_hash', 'wrap', 'expires_at']));
    // Deleting a tenant takes its tokens, counters, keys and quick unlock with it.
    await db.exec('PRAGMA foreign_keys = ON');
    await db.run(
      "INSERT INTO tenant (id, name, name_key, role, created_at, kdf, wrap_passphrase, wrap_recovery) VALUES ('tn_bbbbbbbbbbbbbbbb', 'June', 'june', 'member', 1, '{}', x'00', x'00')",
    );
    await db.run("INSERT INTO mcp_token (id, tenant_id, name, token_hash, wrap, created_at) VALUES ('mt_1', 'tn_bbbbbbbbbbbbbbbb', 'x', x'01', x'00', 1)");
    await db.run("INSERT INTO usage_daily (tenant_id, day, connector_id, calls, errors, total_ms) VALUES ('tn_bbbbbbbbbbbbbbbb', 1, 'slack', 1, 0, 1)");
    await db.run("INSERT INTO quick_unlock (tenant_id, wrap, created_at) VALUES ('tn_bbbbbbbbbbbbbbbb', x'00', 1)");
    await db.run("DELETE FROM tenant WHERE id = 'tn_bbbbbbbbbbbbbbbb'");
    for (const table of ['mcp_token', 'usage_daily', 'quick_unlock']) {
      expect(await db.get(`SELECT count(*) AS n FROM ${table}`), table).toEqual({ n: 0 });
    }
    await db.close();
  });

  it('registry 0011 builds the per-day rollups from the counters already published', async () => {
    const db = await freshDb();
    await migrate(db, REGISTRY_MIGRATIONS.slice(0, 10), 'space registry');
    await db.run(
      "INSERT INTO tenant (id, name, name_key, role, created_at, kdf, wrap_passphrase, wrap_recovery) VALUES ('tn_aaaaaaaaaaaaaaaa', 'Sarah', 'sarah', 'admin', 1, '{}', x'00', x'00')",
    );
    for (const [day, connector, calls] of [[5, 'slack', 3], [5, 'github', 2], [6, 'slack', 4]] as const) {
      await db.run("INSERT INTO usage_daily (tenant_id, day, connector_id, calls, errors, total_ms) VALUES ('tn_aaaaaaaaaaaaaaaa', ?, ?, ?, 1, 100)", [day, connector, calls]);
    }
    await migrate(db, REGISTRY_MIGRATIONS, 'space registry');
    expect(await db.all('SELECT day, calls, errors, total_ms FROM usage_tenant_daily ORDER BY day')).toEqual([
      { day: 5, calls: 5, errors: 2, total_ms: 200 },
      { day: 6, calls: 4, errors: 1, total_ms: 100 },
    ]);
    expect(await db.all('SELECT day, connector_id, calls FROM usage_connector_daily ORDER BY day, connector_id')).toEqual([
      { day: 5, connector_id: 'github', calls: 2 },
      { day: 5, connector_id: 'slack', calls: 3 },
      { day: 6, connector_id: 'slack', calls: 4 },
    ]);
    // No window yet: the first flush builds usage_rollup from the raw rows.
    expect(await db.get('SELECT count(*) AS n FROM usage_rollup_meta')).toEqual({ n: 0 });
    await db.close();
  });

  it('registry 0009 re-hashes an intact audit trail so the actor name is covered, and leaves a broken one broken', async () => {
    const { legacyEntryHash, readAudit } = await import('../../src/engine/space/audit.js');
    for (const broken of [false, true]) {
      const db = await freshDb();
      await migrate(db, REGISTRY_MIGRATIONS.slice(0, 8), 'space registry');
      let prev = '0'.repeat(64);
      for (let i = 1; i <= 3; i++) {
        const detail = JSON.stringify({ n: i });
        const hash = legacyEntryHash(prev, i, 'tn_aaaaaaaaaaaaaaaa', 'policy.set', detail);
        await db.run('INSERT INTO audit (at, actor_id, actor, action, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)', [i, 'tn_aaaaaaaaaaaaaaaa', 'Sarah', 'policy.set', detail, prev, hash]);
        prev = hash;
      }
      if (broken) await db.run(`UPDATE audit SET detail = '{"n":9}' WHERE id = 2`);
      await migrate(db, REGISTRY_MIGRATIONS, 'space registry');
      const trail = await readAudit(db);
      expect(trail.chainIntact, `broken: ${broken}`).toBe(!broken);
      // The head a signature from before the upgrade names is still known.
      if (!broken) expect(trail.chain.at(-1)!.legacyHash).toBe(prev);
      await db.close();
    }
  });

  it('registry 0012 adds one row per custom connector, and any change to it moves the state counter', async () => {
    const db = await freshDb();
    await migrate(db, REGISTRY_MIGRATIONS.slice(0, 11), 'space registry');
    await db.run(
      "INSERT INTO tenant (id, name, name_key, role, created_at, kdf, wrap_passphrase, wrap_recovery) VALUES ('tn_aaaaaaaaaaaaaaaa', 'Sarah', 'sarah', 'admin', 1, '{}', x'00', x'00')",
    );
    await migrate(db, REGISTRY_MIGRATIONS, 'space registry');
    expect(await columns(db, 'custom_connector')).toEqual(['id', 'version', 'definition', 'updated_at', 'updated_by']);
    const seq = async () => (await db.get<{ n: number }>('SELECT n FROM state_seq'))!.n;
    const before = await seq();
    await db.run("INSERT INTO custom_connector (id, version, definition, updated_at, updated_by) VALUES ('acme', 1, '{}', 1, 'tn_aaaaaaaaaaaaaaaa')");
    expect(await seq()).toBe(before + 1);
    await db.run("UPDATE custom_connector SET definition = '{\"x\":1}' WHERE id = 'acme'");
    expect(await seq()).toBe(before + 2);
    await db.run("DELETE FROM custom_connector WHERE id = 'acme'");
    expect(await seq()).toBe(before + 3);
    await db.close();
  });

  it('registry 0010 and vault 0006 add counters that move with decision state, not with usage or the log', async () => {
    const registry = await freshDb();
    await migrate(registry, REGISTRY_MIGRATIONS, 'space registry');
    const seq = async () => (await registry.get<{ n: number }>('SELECT n FROM state_seq'))!.n;
    const steps: [string, string, boolean][] = [
      ["INSERT INTO tenant (id, name, name_key, role, created_at, kdf, wrap_passphrase, wrap_recovery) VALUES ('tn_aaaaaaaaaaaaaaaa', 'Sarah', 'sarah', 'member', 1, '{}', x'00', x'00')", 'a new profile', true],
      ["UPDATE tenant SET role = 'admin'", 'a role', true],
      ['UPDATE tenant SET last_active_at = 5, failed_attempts = 1', 'activity and the throttle', false],
      ["INSERT INTO policy_rule (subject, role, effect, updated_at, updated_by) VALUES ('slack', 'member', 'deny', 1, 'x')", 'a rule', true],
      ["INSERT INTO space_setting (key, value) VALUES ('policy_signature', 'x')", 'a signature', true],
      ["INSERT INTO usage_hourly (tenant_id, connector_id, hour, calls, errors, total_ms) VALUES ('tn_aaaaaaaaaaaaaaaa', 'slack', 1, 1, 0, 1)", 'usage counters', false],
      ["INSERT INTO tenant_key (tenant_id, enc_pub, enc_wrap) VALUES ('tn_aaaaaaaaaaaaaaaa', x'00', x'00')", 'a key', true],
      ["DELETE FROM tenant", 'a deletion', true],
    ];
    for (const [sql, what, moves] of steps) {
      const before = await seq();
      await registry.run(sql);
      if (moves) expect(await seq(), what).toBeGreaterThan(before);
      else expect(await seq(), what).toBe(before);
    }
    await registry.close();

    const vault = await freshDb();
    await migrate(vault, VAULT_MIGRATIONS, 'vault');
    const setup = async () => (await vault.get<{ n: number }>('SELECT n FROM setup_seq'))!.n;
    await vault.run("INSERT INTO connection (connector_id, auth_type, credentials, created_at, updated_at) VALUES ('slack', 'bearer', '{}', 1, 1)");
    await vault.run("INSERT INTO enabled_action (action_id, connector_id, enabled_at) VALUES ('slack.send_message', 'slack', 1)");
    expect(await setup()).toBe(2);
    await vault.run("INSERT INTO activity (at, action_id, status, duration_ms, via, input) VALUES (1, 'slack.send_message', 'ok', 1, 'ui', '{}')");
    expect(await setup()).toBe(2);
    await vault.run("UPDATE enabled_action SET mode = 'ask'");
    expect(await setup()).toBe(3);
    await vault.close();
  });

  it('registry 0013 adds the team directory, whose signed columns move the state counter and whose sync state does not; a registry at 10 keeps its profiles', async () => {
    const registry = await freshDb();
    await migrate(registry, REGISTRY_MIGRATIONS.slice(0, 10), 'space registry');
    await registry.run("INSERT INTO tenant (id, name, name_key, role, created_at, kdf, wrap_passphrase, wrap_recovery) VALUES ('tn_aaaaaaaaaaaaaaaa', 'Sarah', 'sarah', 'admin', 1, '{}', x'00', x'00')");
    await migrate(registry, REGISTRY_MIGRATIONS, 'space registry');
    expect(await userVersion(registry)).toBe(13);
    expect(await registry.get('SELECT name, role FROM tenant')).toEqual({ name: 'Sarah', role: 'admin' });
    const seq = async () => (await registry.get<{ n: number }>('SELECT n FROM state_seq'))!.n;
    const steps: [string, string, boolean][] = [
      ["INSERT INTO team_profile (id, name, name_key, role, machine_id, created_at) VALUES ('tn_bbbbbbbbbbbbbbbb', 'June', 'june', 'member', 'mc_1', 1)", 'a profile of another machine', true],
      ["UPDATE team_profile SET role = 'viewer'", 'its role', true],
      ["UPDATE team_profile SET machine_id = 'mc_2'", 'its machine', false],
      ['UPDATE team_profile SET removed = 1', 'its removal', true],
      ["INSERT INTO team_sync (key, value) VALUES ('last_sync', '5')", 'sync state', false],
      ["INSERT INTO team_machine (id, name, last_sync) VALUES ('mc_1', 'laptop', 5)", 'a machine', false],
    ];
    for (const [sql, what, moves] of steps) {
      const before = await seq();
      await registry.run(sql);
      if (moves) expect(await seq(), what).toBeGreaterThan(before);
      else expect(await seq(), what).toBe(before);
    }
    await registry.close();
  });
});
