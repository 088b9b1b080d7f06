// The team database is trusted for availability only: every way of changing its rows that a
// registry refuses is refused when pulled too, and the machine keeps working on its last verified copy.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTenant, Home, requireAdmin, unlockTenant, type Space, type TenantSession } from '../../src/engine/index.js';
import { joinSpace, publishSpace, teamSpaces, teamStatus, TeamSync } from '../../src/engine/team/index.js';
import { freshDatabase, havePostgres, PG_PASSWORD, withClient } from '../fixtures/postgres.js';
import { ed25519Pair, signWith } from '../../src/engine/space/key-crypto.js';
import { FAST_KDF, PASS_JUNE, PASS_SARAH, removeDir, runAs, tempDir } from '../helpers.js';

interface Machine {
  dir: string;
  home: Home;
  space: Space;
}

describe.skipIf(!havePostgres)('tampering with the team database', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  const machines: Machine[] = [];
  const sessions: TenantSession[] = [];
  let a: Machine;
  let b: Machine;
  let sarah: TenantSession;
  let june: TenantSession;

  const newMachine = async (): Promise<{ dir: string; home: Home }> => {
    const dir = await tempDir('sb-team-');
    return { dir, home: new Home(dir, { scryptCost: FAST_KDF, shared: teamSpaces({ env: { SWITCHBOARD_DB_PASSWORD: PG_PASSWORD } }) }) };
  };

  beforeEach(async () => {
    db = await freshDatabase();
    const ma = await newMachine();
    await ma.home.createSpace('Acme');
    const spaceA = await ma.home.openSpace();
    a = { ...ma, space: spaceA };
    machines.push(a);
    await createTenant(spaceA, { name: 'Sarah', passphrase: PASS_SARAH });
    sarah = await unlockTenant(spaceA, 'Sarah', PASS_SARAH);
    sessions.push(sarah);
    await runAs(spaceA, sarah, 'admin.setPolicy', { subject: 'github', role: 'member', effect: 'deny' });
    await publishSpace(spaceA, await requireAdmin(spaceA, sarah), { url: db.url, password: PG_PASSWORD }, { machineName: 'laptop-a' });

    const mb = await newMachine();
    const spaceB = await joinSpace(mb.home, { url: db.url, password: PG_PASSWORD }, { machineName: 'laptop-b' });
    b = { ...mb, space: spaceB };
    machines.push(b);
    await runAs(spaceB, null, 'profiles.create', { name: 'June', passphrase: PASS_JUNE });
    june = await unlockTenant(spaceB, 'June', PASS_JUNE);
    sessions.push(june);
  });

  afterEach(async () => {
    await Promise.all(sessions.splice(0).map((s) => s.lock()));
    for (const m of machines.splice(0)) {
      await m.home.close();
      await removeDir(m.dir);
    }
    await db.drop();
  });

  const junesActions = async (): Promise<Record<string, boolean>> => {
    const states = await runAs(b.space, june, 'actions.list', { connectorId: 'github' });
    return Object.fromEntries(states.map((s) => [s.id, s.allowed]));
  };

  it('a joined machine holds the space as published: its name, id and the signed policy, and June is a member there', async () => {
    expect(b.space.id).toBe(a.space.id);
    expect((await b.space.info()).name).toBe('Acme');
    expect((await b.space.findTenant('June')).role).toBe('member');
    // The admin on the other machine is listed here with the role the policy signs (what an admin here would sign too).
    expect(await b.space.registry.get("SELECT role, machine_id != '' AS placed FROM team_profile WHERE name = 'Sarah'")).toEqual({ role: 'admin', placed: 1 });
    expect(Object.values(await junesActions()).every((allowed) => !allowed)).toBe(true);
    expect(await teamStatus(b.space)).toMatchObject({ team: true, machine: 'laptop-b', offlineSince: null });
  });

  const syncB = () => (b.space.team as TeamSync).syncNow();
  const record = () => withClient(db.url, async (c) => (await c.query<{ record: string }>("SELECT record FROM sb_state WHERE kind = 'policy'")).rows[0]!.record);
  const setRecord = (text: string) => withClient(db.url, (c) => c.query("UPDATE sb_state SET record = $1 WHERE kind = 'policy'", [text]));

  it('a policy change on one machine reaches the other at its next sync', async () => {
    await runAs(a.space, sarah, 'admin.setPolicy', { subject: 'github', role: 'member', effect: 'inherit' });
    await syncB();
    expect(Object.values(await junesActions()).every((allowed) => allowed)).toBe(true);
  });

  /** After each tampering: refused with `message`, June's actions exactly as last verified, the status saying why. */
  async function expectRefused(message: RegExp): Promise<void> {
    const before = await junesActions();
    await expect(syncB()).rejects.toMatchObject({ code: 'POLICY_DENIED', message });
    expect(await junesActions()).toEqual(before);
    expect((await teamStatus(b.space)).problem).toMatch(message);
  }

  /** The record with its statement's rules (and the rows beside them) turned to allow, the signature left as it was. */
  async function allowEverything(): Promise<string> {
    const r = JSON.parse(await record());
    const outer = JSON.parse(r.signature);
    const statement = JSON.parse(outer.statement);
    statement.body.rules = statement.body.rules.map((rule: string[]) => [rule[0], rule[1], 'allow']);
    r.signature = JSON.stringify({ statement: JSON.stringify(statement), signature: outer.signature });
    r.rules = r.rules.map((rule: unknown[]) => [rule[0], rule[1], 'allow', rule[3], rule[4]]);
    return JSON.stringify(r);
  }

  it('an edited record (a rule turned to allow in the statement and its rows) is refused', async () => {
    await setRecord(await allowEverything());
    await expectRefused(/signature does not match/);
  });

  it('edited rows beside an intact statement are refused', async () => {
    const r = JSON.parse(await record());
    r.rules = r.rules.map((rule: unknown[]) => [rule[0], rule[1], 'allow', rule[3], rule[4]]);
    await setRecord(JSON.stringify(r));
    await expectRefused(/rows do not match/);
  });

  it('a record rolled back to an older signed version is refused', async () => {
    const old = await record();
    await runAs(a.space, sarah, 'admin.setPolicy', { subject: 'github', role: 'member', effect: 'inherit' });
    await syncB();
    await setRecord(old);
    await expectRefused(/rolled back/);
  });

  it('a record signed by a key the space never named is refused', async () => {
    const r = JSON.parse(await record());
    const outer = JSON.parse(r.signature);
    const statement = JSON.parse(outer.statement);
    const forger = ed25519Pair();
    statement.key = forger.pub.toString('base64url');
    statement.version += 1;
    statement.body.rules = [];
    const text = JSON.stringify(statement);
    r.signature = JSON.stringify({ statement: text, signature: signWith(forger, text) });
    r.rules = [];
    await setRecord(JSON.stringify(r));
    await expectRefused(/foreign signature/);
  });

  it('a deleted record is refused, not taken as an empty policy', async () => {
    await withClient(db.url, (c) => c.query("DELETE FROM sb_state WHERE kind = 'policy'"));
    await expectRefused(/no longer holds/);
    // The admin's next save writes it again, and the other machine takes it.
    await runAs(a.space, sarah, 'admin.setPolicy', { subject: 'github', role: 'member', effect: 'inherit' });
    await syncB();
    expect(Object.values(await junesActions()).every((allowed) => allowed)).toBe(true);
  });

  it('after a refusal an admin saving again puts the space right everywhere', async () => {
    await setRecord(await allowEverything());
    await expect(syncB()).rejects.toMatchObject({ code: 'POLICY_DENIED' });
    // The admin's machine refuses the tampered record too, then saves on top of what it trusts.
    await expect((a.space.team as TeamSync).syncNow()).rejects.toMatchObject({ code: 'POLICY_DENIED' });
    await runAs(a.space, sarah, 'admin.setPolicy', { subject: 'github', role: 'member', effect: 'inherit' });
    await syncB();
    expect(Object.values(await junesActions()).every((allowed) => allowed)).toBe(true);
    expect((await teamStatus(b.space)).problem).toBeNull();
  });

  it('a role edited in the directory grants nothing: the signed policy decides', async () => {
    await withClient(db.url, (c) => c.query("UPDATE sb_profile SET role = 'admin' WHERE name = 'June'"));
    await syncB();
    expect((await b.space.findTenant('June')).role).toBe('member');
    await expect(runAs(b.space, june, 'admin.policy')).rejects.toMatchObject({ code: 'POLICY_DENIED' });
    expect(Object.values(await junesActions()).every((allowed) => !allowed)).toBe(true);
  });

  it('an edited version column neither blocks an admin’s save nor passes for a newer state', async () => {
    await withClient(db.url, (c) => c.query("UPDATE sb_state SET version = version + 1000000 WHERE kind = 'policy'"));
    await syncB();
    await runAs(a.space, sarah, 'admin.setPolicy', { subject: 'github', role: 'member', effect: 'inherit' });
    await syncB();
    expect(Object.values(await junesActions()).every((allowed) => allowed)).toBe(true);
  });

  it('only an admin publishes, and only into an empty database', async () => {
    await expect(requireAdmin(b.space, june)).rejects.toMatchObject({ code: 'POLICY_DENIED' });
    const mc = await newMachine();
    await mc.home.createSpace('Beta');
    const beta = await mc.home.openSpace();
    machines.push({ ...mc, space: beta });
    await createTenant(beta, { name: 'Bea', passphrase: PASS_SARAH });
    const bea = await unlockTenant(beta, 'Bea', PASS_SARAH);
    sessions.push(bea);
    await expect(publishSpace(beta, await requireAdmin(beta, bea), { url: db.url, password: PG_PASSWORD })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/holds a space already/) });
    expect(await teamStatus(beta)).toEqual({ team: false });
  });
});
