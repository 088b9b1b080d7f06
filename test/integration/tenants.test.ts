// Spaces and tenants: creation, names, roles, rename, delete — on real files.
import { stat } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { createTenant, deleteTenant, requireAdmin, unlockTenant, type Home, type Space } from '../../src/engine/index.js';
import { runAs, PASS_JUNE, PASS_SARAH, allFiles, fileExists, newHome, removeDir } from '../helpers.js';

const PASS_EMILY = 'lemon glacier piano hedgehog';
const dirs: string[] = [];
const spaces: Space[] = [];
afterEach(async () => {
  await Promise.all(spaces.splice(0).map((s) => s.close()));
  await Promise.all(dirs.splice(0).map(removeDir));
});

async function setup(): Promise<{ dir: string; home: Home; space: Space }> {
  const { dir, home } = await newHome();
  dirs.push(dir);
  await home.createSpace('Acme');
  const space = await home.openSpace();
  spaces.push(space);
  return { dir, home, space };
}

describe('spaces', () => {
  it('creates, lists and renames spaces; a home can hold several', async () => {
    const { dir, home } = await newHome();
    dirs.push(dir);
    expect(await home.listSpaces()).toEqual([]);
    const a = await home.createSpace('Acme');
    const b = await home.createSpace('Beta Labs');
    expect(a.id).toMatch(/^sp_[a-z0-9]{16}$/);
    expect((await home.listSpaces()).map((s) => s.name)).toEqual(['Acme', 'Beta Labs']);
    await expect(home.createSpace('acme')).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(home.openSpace()).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/--space/) });
    const space = await home.openSpace('beta labs');
    spaces.push(space);
    expect(space.id).toBe(b.id);
    expect((await runAs(space, null, 'space.rename', { name: 'Beta' })).name).toBe('Beta');
    await expect(home.openSpace('nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(home.openSpace('sp_0000000000000000')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('keeps its files private to the OS user', async () => {
    const { dir, space } = await setup();
    await createTenant(space, { name: 'Sarah', passphrase: PASS_SARAH });
    for (const file of await allFiles(dir)) {
      expect((await stat(file)).mode & 0o077).toBe(0);
    }
  });

  it('once it has profiles, only an admin renames it', async () => {
    const { space } = await setup();
    await createTenant(space, { name: 'Sarah', passphrase: PASS_SARAH });
    await createTenant(space, { name: 'June', passphrase: PASS_JUNE });
    await expect(runAs(space, null, 'space.rename', { name: 'X' })).rejects.toMatchObject({ code: 'POLICY_DENIED' });
    const june = await unlockTenant(space, 'June', PASS_JUNE);
    await expect(runAs(space, june, 'space.rename', { name: 'X' })).rejects.toMatchObject({ code: 'POLICY_DENIED' });
    const sarah = await unlockTenant(space, 'Sarah', PASS_SARAH);
    expect((await runAs(space, sarah, 'space.rename', { name: 'Acme Inc' })).name).toBe('Acme Inc');
  });
});

describe('tenants', () => {
  it('the first profile is admin, later ones are members; names are unique ignoring case', async () => {
    const { space } = await setup();
    const sarah = await createTenant(space, { name: 'Sarah', passphrase: PASS_SARAH });
    const june = await createTenant(space, { name: 'June', passphrase: PASS_JUNE });
    expect(sarah).toMatchObject({ name: 'Sarah', role: 'admin', id: expect.stringMatching(/^tn_/) });
    expect(june.role).toBe('member');
    await expect(createTenant(space, { name: ' SARAH ', passphrase: PASS_EMILY })).rejects.toMatchObject({ code: 'CONFLICT' });
    const list = await space.listTenants();
    expect(list.map((t) => t.name)).toEqual(['June', 'Sarah']);
    // A listing carries no secret, wrap or counter.
    expect(Object.keys(list[0]!).sort()).toEqual(['createdAt', 'id', 'name', 'role']);
  });

  it('refuses bad names and weak passphrases, creating nothing', async () => {
    const { dir, space } = await setup();
    const before = (await allFiles(dir)).length;
    for (const name of ['', '   ', 'x'.repeat(10_000), 'a\u0000b', '\ud800']) {
      await expect(createTenant(space, { name, passphrase: PASS_SARAH })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    }
    for (const passphrase of ['', '    ', 'short', 'password1234', 'p'.repeat(100_000), '\ufffd\ufffd\ufffd\ufffd', 42]) {
      await expect(createTenant(space, { name: 'Sarah', passphrase })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    }
    expect(await space.listTenants()).toEqual([]);
    expect((await allFiles(dir)).length).toBe(before);
  });

  it('a profile renames itself; an admin renames anyone; a member renames no one else', async () => {
    const { space } = await setup();
    await createTenant(space, { name: 'Sarah', passphrase: PASS_SARAH });
    await createTenant(space, { name: 'June', passphrase: PASS_JUNE });
    const june = await unlockTenant(space, 'June', PASS_JUNE);
    expect((await runAs(space, june, 'profiles.rename', { tenant: 'June', name: 'June B' })).name).toBe('June B');
    await expect(runAs(space, june, 'profiles.rename', { tenant: 'Sarah', name: 'Mallory' })).rejects.toMatchObject({ code: 'POLICY_DENIED' });
    const sarah = await unlockTenant(space, 'Sarah', PASS_SARAH);
    await expect(runAs(space, sarah, 'profiles.rename', { tenant: 'June B', name: 'sarah' })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await runAs(space, sarah, 'profiles.rename', { tenant: 'June B', name: 'Juniper' })).name).toBe('Juniper');
  });

  it('only an admin changes roles, and the space keeps at least one admin', async () => {
    const { space } = await setup();
    await createTenant(space, { name: 'Sarah', passphrase: PASS_SARAH });
    await createTenant(space, { name: 'June', passphrase: PASS_JUNE });
    const june = await unlockTenant(space, 'June', PASS_JUNE);
    await expect(runAs(space, june, 'admin.setRole', { tenantId: 'June', role: 'admin' })).rejects.toMatchObject({ code: 'POLICY_DENIED' });
    const sarah = await unlockTenant(space, 'Sarah', PASS_SARAH);
    await expect(runAs(space, sarah, 'admin.setRole', { tenantId: 'Sarah', role: 'member' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(runAs(space, sarah, 'admin.setRole', { tenantId: 'June', role: 'owner' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect((await runAs(space, sarah, 'admin.setRole', { tenantId: 'June', role: 'viewer' })).role).toBe('viewer');
    expect((await runAs(space, sarah, 'admin.setRole', { tenantId: 'June', role: 'admin' })).role).toBe('admin');
    // The change applies to June's open session at once.
    expect(await space.liveRole(june)).toBe('admin');
    expect((await runAs(space, june, 'admin.setRole', { tenantId: 'Sarah', role: 'member' })).role).toBe('member');
    await expect(requireAdmin(space, sarah)).rejects.toMatchObject({ code: 'POLICY_DENIED' });
  });

  it("deletes a profile with its own passphrase: the vault file and row go, open sessions lock", async () => {
    const { space } = await setup();
    await createTenant(space, { name: 'Sarah', passphrase: PASS_SARAH });
    const june = await createTenant(space, { name: 'June', passphrase: PASS_JUNE });
    const session = await unlockTenant(space, 'June', PASS_JUNE);
    const file = space.vaultPath(june.id);
    await expect(deleteTenant(space, 'June', { passphrase: PASS_SARAH })).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    expect(await fileExists(file)).toBe(true);
    await deleteTenant(space, 'June', { passphrase: PASS_JUNE });
    expect(session.locked).toBe(true);
    expect(await fileExists(file)).toBe(false);
    expect(await fileExists(file + '-wal')).toBe(false);
    expect((await space.listTenants()).map((t) => t.name)).toEqual(['Sarah']);
    await expect(unlockTenant(space, 'June', PASS_JUNE)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('an admin deletes another profile; a member cannot; the only admin stays while others remain', async () => {
    const { space } = await setup();
    await createTenant(space, { name: 'Sarah', passphrase: PASS_SARAH });
    await createTenant(space, { name: 'June', passphrase: PASS_JUNE });
    await createTenant(space, { name: 'Emily', passphrase: PASS_EMILY });
    const june = await unlockTenant(space, 'June', PASS_JUNE);
    await expect(runAs(space, june, 'admin.removeTenant', { tenantId: 'Emily' })).rejects.toMatchObject({ code: 'POLICY_DENIED' });
    await expect(deleteTenant(space, 'Sarah', { passphrase: PASS_SARAH })).rejects.toMatchObject({ code: 'CONFLICT' });
    const sarah = await unlockTenant(space, 'Sarah', PASS_SARAH);
    await runAs(space, sarah, 'admin.removeTenant', { tenantId: 'Emily' });
    await runAs(space, sarah, 'admin.removeTenant', { tenantId: 'June' });
    // Alone, the admin may delete itself.
    await deleteTenant(space, 'Sarah', { passphrase: PASS_SARAH });
    expect(await space.listTenants()).toEqual([]);
  });

  it('finds profiles by id or by name, never by a path', async () => {
    const { space } = await setup();
    const sarah = await createTenant(space, { name: 'Sarah', passphrase: PASS_SARAH });
    expect((await space.findTenant(sarah.id)).name).toBe('Sarah');
    for (const ref of ['../registry', 'tn_../../x', '', 'x'.repeat(1000), 12]) {
      await expect(space.findTenant(ref)).rejects.toMatchObject({ code: expect.stringMatching(/NOT_FOUND|INVALID_INPUT/) });
    }
  });
});
