// Space settings: the default auto-lock of new profiles, and who may create profiles here.
import { runAs } from '../helpers.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createTenant, getSettings, unlockTenant } from '../../src/engine/index.js';

import { getSpaceSettings } from '../../src/engine/space/space-settings.js';
import { world, type World } from './router-helpers.js';

let w: World;
afterEach(async () => w?.close());
const PASS = 'lemon glacier piano hedgehog';

describe('space settings', () => {
  it('new profiles start with the default auto-lock time', async () => {
    w = await world();
    expect(await getSpaceSettings(w.space)).toEqual({ defaultAutoLockMinutes: 15, profileCreation: 'anyone', askForAgentWrites: [] });
    await runAs(w.space, w.sarah, 'admin.setSpaceSettings', { defaultAutoLockMinutes: 5 });
    await createTenant(w.space, { name: 'Emily', passphrase: PASS });
    const emily = await unlockTenant(w.space, 'Emily', PASS);
    expect((await getSettings(emily)).autoLockMinutes).toBe(5);
    expect(emily.autoLockMinutes).toBe(5);
    expect((await getSettings(w.june)).autoLockMinutes).toBe(15); // existing profiles keep theirs
  });

  it('limits who may create profiles on this machine', async () => {
    w = await world();
    await runAs(w.space, w.sarah, 'admin.setSpaceSettings', { profileCreation: 'admins' });
    await expect(createTenant(w.space, { name: 'Emily', passphrase: PASS })).rejects.toMatchObject({ code: 'POLICY_DENIED', message: expect.stringMatching(/only an admin/) });
    await expect(createTenant(w.space, { name: 'Emily', passphrase: PASS }, w.june)).rejects.toMatchObject({ code: 'POLICY_DENIED' });
    await createTenant(w.space, { name: 'Emily', passphrase: PASS }, w.sarah);
    await runAs(w.space, w.sarah, 'admin.setSpaceSettings', { profileCreation: 'members' });
    await createTenant(w.space, { name: 'Frank', passphrase: 'orchid tundra saxophone pebble' }, w.june);
    await runAs(w.space, w.sarah, 'admin.setRole', { tenantId: 'June', role: 'viewer' });
    await expect(createTenant(w.space, { name: 'Gina', passphrase: 'granite meadow lantern cobalt' }, w.june)).rejects.toMatchObject({ code: 'POLICY_DENIED' });
    expect((await w.space.listTenants()).map((t) => t.name)).toEqual(['Emily', 'Frank', 'June', 'Sarah']);
  });

  it('only admins change them, bad values change nothing, and changes are audited', async () => {
    w = await world();
    await expect(runAs(w.space, w.june, 'admin.setSpaceSettings', { profileCreation: 'anyone' })).rejects.toMatchObject({ code: 'POLICY_DENIED' });
    for (const bad of [{ defaultAutoLockMinutes: 0 }, { profileCreation: 'everyone' }, { other: 1 }, 'x']) {
      await expect(runAs(w.space, w.sarah, 'admin.setSpaceSettings', bad)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    }
    expect(await getSpaceSettings(w.space)).toEqual({ defaultAutoLockMinutes: 15, profileCreation: 'anyone', askForAgentWrites: [] });
    await runAs(w.space, w.sarah, 'admin.setSpaceSettings', { defaultAutoLockMinutes: 30 });
    expect((await runAs(w.space, w.sarah, 'admin.audit')).entries[0]).toMatchObject({ actor: 'Sarah', action: 'space.settings', detail: { defaultAutoLockMinutes: 30 } });
  });
});
