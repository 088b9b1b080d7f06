// Attack 4: the audit trail edited by hand — the newest entry deleted, an entry rewritten with every
// hash recomputed, an older trail put back — reads as not intact, and says why.
import { afterEach, describe, expect, it } from 'vitest';
import { entryHash } from '../../src/engine/space/audit.js';
import { runAs } from '../helpers.js';
import { world, type World } from '../integration/router-helpers.js';
import { editRegistry, restoreRows, saveRows } from './attacker.js';

let w: World;
afterEach(async () => w?.close());

const audit = () => runAs(w.space, w.sarah, 'admin.audit');

async function threeChanges(): Promise<void> {
  await runAs(w.space, w.sarah, 'admin.setPolicy', { subject: 'slack', role: 'viewer', effect: 'deny' });
  await runAs(w.space, w.sarah, 'admin.setPolicy', { subject: 'github', role: 'viewer', effect: 'deny' });
  await runAs(w.space, w.sarah, 'admin.setRole', { tenantId: 'June', role: 'viewer' });
}

/** Recompute every entry's hash after an edit, as a careful attacker would. */
async function rechain(): Promise<void> {
  const rows = await w.space.registry.all<{ id: number; at: number; actor_id: string; actor: string; action: string; detail: string }>('SELECT * FROM audit ORDER BY id');
  let prev = '0'.repeat(64);
  for (const r of rows) {
    const hash = entryHash(prev, r.at, r.actor_id, r.actor, r.action, r.detail);
    await editRegistry(w.space, 'UPDATE audit SET prev_hash = ?, hash = ? WHERE id = ?', [prev, hash, r.id]);
    prev = hash;
  }
}

describe('the audit trail', () => {
  it('is intact as written, and says so', async () => {
    w = await world();
    await threeChanges();
    expect(await audit()).toMatchObject({ intact: true, unsigned: 0 });
    expect((await audit()).entries.map((e) => e.action)).toEqual(['tenant.role', 'policy.set', 'policy.set']);
  });

  it('detects the newest entry deleted', async () => {
    w = await world();
    await threeChanges();
    await editRegistry(w.space, 'DELETE FROM audit WHERE id = (SELECT max(id) FROM audit)');
    expect(await audit()).toMatchObject({ intact: false, problem: expect.stringMatching(/removed or rewritten/) });
  });

  it('detects an entry rewritten with every hash recomputed', async () => {
    w = await world();
    await threeChanges();
    await editRegistry(w.space, `UPDATE audit SET detail = '{"subject":"github","role":"viewer","effect":"allow"}' WHERE id = 2`);
    await rechain();
    expect(await audit()).toMatchObject({ intact: false, problem: expect.stringMatching(/removed or rewritten/) });
  });

  it('detects entries reordered', async () => {
    w = await world();
    await threeChanges();
    await editRegistry(w.space, 'UPDATE audit SET id = 100 WHERE id = 1');
    await rechain();
    expect((await audit()).intact).toBe(false);
  });

  it('detects an older trail put back with its older signature, as rolled back', async () => {
    w = await world();
    await runAs(w.space, w.sarah, 'admin.setPolicy', { subject: 'slack', role: 'viewer', effect: 'deny' });
    const saved = await saveRows(w.space, ['audit', 'space_setting']);
    await threeChanges();
    await restoreRows(w.space, saved);
    expect(await audit()).toMatchObject({ intact: false, problem: expect.stringMatching(/rolled back/) });
  });

  it("marks a profile's own deletion as not signed yet, and signs it with the next admin change", async () => {
    w = await world();
    await threeChanges();
    const { PASS_JUNE } = await import('../helpers.js');
    await runAs(w.space, null, 'profiles.delete', { tenant: 'June', passphrase: PASS_JUNE });
    expect(await audit()).toMatchObject({ intact: true, unsigned: 1 });
    await runAs(w.space, w.sarah, 'admin.setPolicy', { subject: 'slack', role: 'viewer', effect: 'inherit' });
    expect(await audit()).toMatchObject({ intact: true, unsigned: 0 });
  });

  it("detects an entry's actor name rewritten", async () => {
    w = await world();
    await runAs(w.space, w.sarah, 'admin.setRole', { tenantId: 'June', role: 'admin' });
    await runAs(w.space, w.june, 'admin.setPolicy', { subject: 'slack', role: 'viewer', effect: 'deny' });
    await editRegistry(w.space, "UPDATE audit SET actor = 'Sarah' WHERE actor = 'June'");
    expect(await audit()).toMatchObject({ intact: false, problem: expect.stringMatching(/hash chain is broken/) });
  });

  it('flags an entry appended with a correct chain, and still does after the next admin change signs the trail', async () => {
    w = await world();
    await runAs(w.space, w.sarah, 'admin.setPolicy', { subject: 'slack', role: 'viewer', effect: 'deny' });
    const last = (await w.space.registry.get<{ id: number; hash: string; at: number }>('SELECT id, hash, at FROM audit ORDER BY id DESC LIMIT 1'))!;
    const detail = JSON.stringify({ subject: 'github', role: 'member', effect: 'deny' });
    await editRegistry(w.space, 'INSERT INTO audit (at, actor_id, actor, action, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)', [
      last.at + 1, w.sarah.tenantId, 'Sarah', 'policy.set', detail, last.hash, entryHash(last.hash, last.at + 1, w.sarah.tenantId, 'Sarah', 'policy.set', detail),
    ]);
    expect(await audit()).toMatchObject({ intact: false, problem: expect.stringMatching(/not written by Switchboard/) });
    await runAs(w.space, w.sarah, 'admin.setPolicy', { subject: 'notion', role: 'viewer', effect: 'deny' });
    expect(await audit()).toMatchObject({ intact: false, problem: expect.stringContaining(`#${last.id + 1}`) });
  });

  it('an unsigned row with a huge version does not let an older trail be put back later', async () => {
    w = await world();
    await editRegistry(w.space, "UPDATE space_setting SET value = ? WHERE key = 'audit_signature'", [JSON.stringify({ statement: JSON.stringify({ version: Number.MAX_SAFE_INTEGER }), signature: 'x' })]);
    await runAs(w.space, w.sarah, 'admin.setPolicy', { subject: 'github', role: 'viewer', effect: 'deny' });
    const saved = await saveRows(w.space, ['audit']);
    const signature = (await w.space.registry.get<{ value: string }>("SELECT value FROM space_setting WHERE key = 'audit_signature'"))!.value;
    await runAs(w.space, w.sarah, 'admin.setRole', { tenantId: 'June', role: 'viewer' });
    await runAs(w.space, w.sarah, 'admin.setPolicy', { subject: 'slack', role: 'member', effect: 'deny' });
    await restoreRows(w.space, saved);
    await editRegistry(w.space, "UPDATE space_setting SET value = ? WHERE key = 'audit_signature'", [signature]);
    expect(await audit()).toMatchObject({ intact: false, problem: expect.stringMatching(/rolled back/) });
  });
});
