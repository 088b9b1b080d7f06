// Attack 10: profile names that look like another's, or like an id; a registry emptied to zero bytes.
import { truncate } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { createTenant, Home, type Space } from '../../src/engine/index.js';
import { FAST_KDF, PASS_JUNE, PASS_SARAH, newHome, removeDir, runAs } from '../helpers.js';
import { registryPath } from './attacker.js';

let dir: string;
let home: Home;
afterEach(async () => {
  await home?.close();
  await removeDir(dir);
});

async function space(): Promise<Space> {
  ({ dir, home } = await newHome());
  await home.createSpace('Acme');
  const s = await home.openSpace();
  await createTenant(s, { name: 'Sarah', passphrase: PASS_SARAH });
  return s;
}

describe('profile names', () => {
  it('refuses look-alikes of a taken name: zero-width, bidi overrides, full-width', async () => {
    const s = await space();
    for (const name of ['Sa\u200brah', '\u202eharaS', 'Sarah\u2060', '\ufeffSarah']) {
      await expect(createTenant(s, { name, passphrase: PASS_JUNE }), JSON.stringify(name)).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/invisible/) });
    }
    await expect(createTenant(s, { name: 'Ｓａｒａｈ', passphrase: PASS_JUNE })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(createTenant(s, { name: 'SARAH', passphrase: PASS_JUNE })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await s.listTenants()).map((t) => t.name)).toEqual(['Sarah']);
  });

  it("refuses a name shaped like an id, so --tenant can never mean another profile's id", async () => {
    const s = await space();
    const sarah = await s.findTenant('Sarah');
    await expect(createTenant(s, { name: 'tn_0123456789abcdef', passphrase: PASS_JUNE })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/id/) });
    const june = await createTenant(s, { name: 'June', passphrase: PASS_JUNE });
    const { unlockTenant } = await import('../../src/engine/index.js');
    const session = await unlockTenant(s, 'June', PASS_JUNE);
    await expect(runAs(s, session, 'profiles.rename', { tenant: 'June', name: sarah.id })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect((await s.findTenant(june.id)).name).toBe('June');
    await session.lock();
  });
});

describe('damaged files', () => {
  it('refuses a zero-byte registry instead of making a new, empty one in its place', async () => {
    const s = await space();
    const file = registryPath(s);
    await home.close();
    await truncate(file, 0);
    home = new Home(dir, { scryptCost: FAST_KDF });
    await expect(home.openSpace(s.id)).rejects.toMatchObject({ code: 'VAULT_CORRUPT', message: expect.stringMatching(/empty/) });
    const { stat } = await import('node:fs/promises');
    expect((await stat(file)).size).toBe(0);
  });
});
