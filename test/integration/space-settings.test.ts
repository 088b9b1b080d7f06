// Space settings: the default auto-lock of new profiles, and who may create profiles here.
import { afterEach, describe, expect, it } from 'vitest';
import { createTenant, getSettings, setRole, unlockTenant } from '../../src/engine/index.js';
import { adminAudit } from '../../src/engine/space/admin.js';
import { getSpaceSettings, setSpaceSettings } from '../../src/engine/space/space-settings.js';
import { world, type World } from './router-helpers.js';

let w: World;
afterEach(async () => w?.close());
const PASS = 'lemon glacier piano hedgehog';

describe('space settings', () => {
  it('new profiles start with the default auto-lock time', async () => {
    w = await world();
    expect(await getSpaceSettings(w.space)).toEqual({ defaultAutoLockMinutes: 15, profileCreation: 'anyone' });
    await setSpaceSettings(w.space, w.sarah, { defaultAutoLockMinutes: 5 });
    await createTenant(w.space, { name: 'Emily', passphrase: PASS });
    const emily = await unlockTenant(w.space, 'Emily', PASS);
    expect((await getSettings(emily)).autoLockMinutes).toBe(5);
    expect(emily.autoLockMinutes).toBe(5);
    expect((await getSettings(w.june)).autoLockMinutes).toBe(15); // existing profiles keep theirs
  });

  it('limits who may create profiles on this machine', async () => {
    w = await world();
    await setSpaceSettings(w.space, w.sarah, { profileCreation: 'admins' });
    await expect(createTenant(w.space, { name: 'Emily', passphrase: PASS })).rejects.toMatchObject({ code: 'POLICY_DENIED', message: expect.stringMatching(/only an admin/) });
    await expect(createTenant(w.space, { name: 'Emily', passphrase: PASS }, w.june)).rejects.toMatchObject({ code: 'POLICY_DENIED' });
    await createTenant(w.space, { name: 'Emily', passphrase: PASS }, w.sarah);
    await setSpaceSettings(w.space, w.sarah, { profileCreation: 'members' });
    await createTenant(w.space, { name: 'Frank', passphrase: 'orchid tundra saxophone pebble' }, w.june);
    await setRole(w.space, w.sarah, 'June', 'viewer');
    await expect(createTenant(w.space, { name: 'Gina', passphrase: 'granite meadow lantern cobalt' }, w.june)).rejects.toMatchObject({ code: 'POLICY_DENIED' });
    expect((await w.space.listTenants()).map((t) => t.name)).toEqual(['Emily', 'Frank', 'June', 'Sarah']);
  });

  it('only admins change them, bad values change nothing, and changes are audited', async () => {
    w = await world();
    await expect(setSpaceSettings(w.space, w.june, { profileCreation: 'anyone' })).rejects.toMatchObject({ code: 'POLICY_DENIED' });
    for (const bad of [{ defaultAutoLockMinutes: 0 }, { profileCreation: 'everyone' }, { other: 1 }, 'x']) {
      await expect(setSpaceSettings(w.space, w.sarah, bad)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    }
    expect(await getSpaceSettings(w.space)).toEqual({ defaultAutoLockMinutes: 15, profileCreation: 'anyone' });
    await setSpaceSettings(w.space, w.sarah, { defaultAutoLockMinutes: 30 });
    expect((await adminAudit(w.space, w.sarah)).entries[0]).toMatchObject({ actor: 'Sarah', action: 'space.settings', detail: { defaultAutoLockMinutes: 30 } });
  });
});
