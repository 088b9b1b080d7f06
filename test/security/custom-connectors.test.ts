// Attacks on custom connectors (docs/SECURITY.md, `custom_connector`): a member imports; someone who
// can write the registry edits a definition, puts an older signed one back (alone or with the old
// signature), adds one by hand, or deletes one. Each is refused by name for every profile, the rest
// of the catalog keeps working, and no one's credentials are deleted except by an admin's removal.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { unlockTenant, type TenantSession } from '../../src/engine/index.js';
import { importOpenApi } from '../../src/engine/connectors/openapi/import-openapi.js';
import { FakeApis } from '../fixtures/fake-saas/openapi-apis.js';
import { PASS_JUNE, runAs } from '../helpers.js';
import { world, type World } from '../integration/router-helpers.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'openapi');
const file = (name: string) => ({ file: join(FIXTURES, name) });

let w: World;
let apis: FakeApis;
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
  await apis?.stop();
  await w?.close();
});

async function setup(): Promise<void> {
  w = await world();
  apis = await FakeApis.start();
}

async function connectBearer(session: TenantSession, connectorId: string, token: string, account: string, base: string): Promise<void> {
  apis.accounts.set(token, account);
  await runAs(w.space, session, 'connections.connect', { connectorId, authType: 'bearer', credentials: { token }, baseUrl: `${apis.url}${base}` });
}

const run = (session: TenantSession, actionId: string, input: unknown) => runAs(w.space, session, 'actions.run', { actionId, input });
const errorOf = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: { code?: string; message?: string }) => `${e.code}: ${e.message}`,
  );
const rows = async () => (await w.space.registry.get<{ n: number }>('SELECT count(*) AS n FROM custom_connector'))!.n;

describe('who may change custom connectors, and what profiles trust', () => {
  it('a member cannot import, add or remove; nothing is saved', async () => {
    await setup();
    expect(await errorOf(runAs(w.space, w.june, 'admin.importOpenApi', { source: file('notes-3.1.yaml'), id: 'notes' }))).toMatch(/^POLICY_DENIED/);
    expect(await errorOf(runAs(w.space, w.june, 'admin.removeConnector', { connectorId: 'notes' }))).toMatch(/^POLICY_DENIED/);
    expect(await rows()).toBe(0);
  });

  it('a definition edited in the registry by hand is refused for every profile, with what happened; the rest of the catalog works', async () => {
    await setup();
    await runAs(w.space, w.sarah, 'admin.importOpenApi', { source: file('notes-3.1.yaml'), id: 'notes' });
    await connectBearer(w.june, 'notes', 'tok-june', 'june', '/v2');
    await runAs(w.space, w.june, 'actions.setEnabled', { actionIds: ['notes.list_notes'], enabled: true });
    expect(await run(w.june, 'notes.list_notes', {})).toMatchObject({ status: 'ok' });
    await w.space.registry.run("UPDATE custom_connector SET definition = replace(definition, '\"/notes\"', '\"/steal\"')");
    for (const s of [w.june, w.sarah]) {
      expect(await errorOf(run(s, 'notes.list_notes', {}))).toMatch(/^POLICY_DENIED: The custom connector notes was changed outside Switchboard/);
      expect((await runAs(w.space, s, 'catalog.list')).map((c) => c.id)).not.toContain('notes');
      expect((await runAs(w.space, s, 'catalog.list')).map((c) => c.id)).toContain('slack');
    }
    expect(apis.seen.filter((r) => r.path.includes('steal'))).toEqual([]);
    const listed = await runAs(w.space, w.sarah, 'admin.customConnectors');
    expect(listed).toEqual([expect.objectContaining({ id: 'notes', problem: expect.stringMatching(/changed outside Switchboard/) })]);
    // An admin's unrelated change does not vouch for the edit.
    await runAs(w.space, w.sarah, 'admin.setPolicy', { subject: 'github', role: 'viewer', effect: 'deny' });
    expect(await errorOf(run(w.june, 'notes.list_notes', {}))).toMatch(/changed outside Switchboard/);
    // Importing again signs a fresh definition.
    await runAs(w.space, w.sarah, 'admin.importOpenApi', { source: file('notes-3.1.yaml'), id: 'notes' });
    expect(await run(w.june, 'notes.list_notes', {})).toMatchObject({ status: 'ok' });
  });

  it('an older signed version put back is refused as rolled back, the row alone or with the old signature', async () => {
    await setup();
    await runAs(w.space, w.sarah, 'admin.importOpenApi', { source: file('notes-3.1.yaml'), id: 'notes', select: ['listNotes', 'deleteNote'] });
    const old = await w.space.registry.get<{ version: number; definition: string }>('SELECT version, definition FROM custom_connector');
    const oldSignature = await w.space.registry.get<{ value: string }>("SELECT value FROM space_setting WHERE key = 'policy_signature'");
    await runAs(w.space, w.sarah, 'admin.importOpenApi', { source: file('notes-3.1.yaml'), id: 'notes', select: ['listNotes'] });
    await connectBearer(w.june, 'notes', 'tok-june', 'june', '/v2');
    await runAs(w.space, w.june, 'actions.setEnabled', { actionIds: ['notes.list_notes'], enabled: true });
    expect(await run(w.june, 'notes.list_notes', {})).toMatchObject({ status: 'ok' });

    await w.space.registry.run('UPDATE custom_connector SET version = ?, definition = ?', [old!.version, old!.definition]);
    expect(await errorOf(run(w.june, 'notes.list_notes', {}))).toMatch(/^POLICY_DENIED: The custom connector notes in the registry was rolled back outside Switchboard/);
    expect(await errorOf(run(w.june, 'notes.delete_note', { noteId: 'n1' }))).toMatch(/rolled back/);

    await w.space.registry.run("UPDATE space_setting SET value = ? WHERE key = 'policy_signature'", [oldSignature!.value]);
    expect(await errorOf(run(w.june, 'notes.list_notes', {}))).toMatch(/^POLICY_DENIED: The space policy in the registry was rolled back outside Switchboard/);
  });

  it('re-importing shows the change and who loses which enabled actions before saving; removing deletes every profile’s credentials at their next unlock', async () => {
    await setup();
    await runAs(w.space, w.sarah, 'admin.importOpenApi', { source: file('notes-3.1.yaml'), id: 'notes', select: ['listNotes', 'getNote'] });
    await connectBearer(w.june, 'notes', 'tok-june', 'june', '/v2');
    await runAs(w.space, w.june, 'actions.setEnabled', { actionIds: ['notes.get_note'], enabled: true });
    await w.space.usage.flush();
    const change = await runAs(w.space, w.sarah, 'admin.importOpenApi', { source: file('notes-3.1.yaml'), id: 'notes', select: ['listNotes', 'createNote'] });
    expect(change.change).toMatchObject({ replaces: true, added: ['create_note'], removed: ['get_note'], saved: false, needsConfirm: true, losses: [{ name: 'June', loses: ['notes.get_note'] }] });
    expect((await runAs(w.space, w.june, 'catalog.show', { connectorId: 'notes' })).actions.map((a) => a.id)).toEqual(['notes.list_notes', 'notes.get_note']);
    const saved = await runAs(w.space, w.sarah, 'admin.importOpenApi', { source: file('notes-3.1.yaml'), id: 'notes', select: ['listNotes', 'createNote'], confirm: true });
    expect(saved.change.saved).toBe(true);
    expect(await errorOf(run(w.june, 'notes.get_note', { noteId: 'n1' }))).toMatch(/^NOT_FOUND/);

    await connectBearer(w.sarah, 'notes', 'tok-sarah', 'sarah', '/v2');
    const removed = await runAs(w.space, w.sarah, 'admin.removeConnector', { connectorId: 'notes', confirm: true });
    expect(removed.saved).toBe(true);
    expect(await rows()).toBe(0);
    await w.june.lock();
    const june = await unlockTenant(w.space, 'June', PASS_JUNE);
    expect(await june.vault().get('SELECT count(*) AS n FROM connection WHERE connector_id = ?', ['notes'])).toEqual({ n: 0 });
    expect(await june.vault().get('SELECT count(*) AS n FROM enabled_action WHERE connector_id = ?', ['notes'])).toEqual({ n: 0 });
    expect((await runAs(w.space, june, 'catalog.list')).map((c) => c.id)).not.toContain('notes');
    await june.lock();
  });

  it('a connector added to the registry by hand is refused, never trusted, and an admin’s unrelated change does not sign it', async () => {
    await setup();
    const { connector } = await importOpenApi(file('notes-3.1.yaml'), { id: 'sneaky', baseUrl: 'https://evil.example.com' });
    await w.space.registry.run("INSERT INTO custom_connector (id, version, definition, updated_at, updated_by) VALUES ('sneaky', 1, ?, 1, 'tn_x')", [JSON.stringify(connector)]);
    expect(await errorOf(runAs(w.space, w.june, 'catalog.show', { connectorId: 'sneaky' }))).toMatch(/^POLICY_DENIED: The custom connector sneaky was added to the registry outside Switchboard/);
    await runAs(w.space, w.sarah, 'admin.setPolicy', { subject: 'github', role: 'viewer', effect: 'deny' });
    expect(await errorOf(runAs(w.space, w.june, 'connections.connect', { connectorId: 'sneaky', authType: 'bearer', credentials: { token: 'secret-june' } }))).toMatch(/^POLICY_DENIED: .*added to the registry outside Switchboard/);
    expect((await runAs(w.space, w.june, 'catalog.list')).map((c) => c.id)).not.toContain('sneaky');
  });

  it('rows deleted by hand delete no one’s credentials: the connector is refused until an admin acts', async () => {
    await setup();
    await runAs(w.space, w.sarah, 'admin.importOpenApi', { source: file('notes-3.1.yaml'), id: 'notes' });
    await connectBearer(w.june, 'notes', 'tok-june', 'june', '/v2');
    await w.space.registry.run('DELETE FROM custom_connector');
    await w.june.lock();
    const june = await unlockTenant(w.space, 'June', PASS_JUNE);
    expect(await june.vault().get('SELECT count(*) AS n FROM connection WHERE connector_id = ?', ['notes'])).toEqual({ n: 1 });
    expect(await errorOf(runAs(w.space, june, 'catalog.show', { connectorId: 'notes' }))).toMatch(/^POLICY_DENIED: The custom connector notes was removed from the registry outside Switchboard/);
    expect(await runAs(w.space, w.sarah, 'admin.customConnectors')).toEqual([expect.objectContaining({ id: 'notes', problem: expect.stringMatching(/removed from the registry outside Switchboard/) })]);
    // The admin resolves it by removing it: then June's credentials for it go at her next unlock.
    expect(await runAs(w.space, w.sarah, 'admin.removeConnector', { connectorId: 'notes', confirm: true })).toMatchObject({ saved: true });
    expect(await runAs(w.space, w.sarah, 'admin.customConnectors')).toEqual([]);
    await june.lock();
    const again = await unlockTenant(w.space, 'June', PASS_JUNE);
    expect(await again.vault().get('SELECT count(*) AS n FROM connection WHERE connector_id = ?', ['notes'])).toEqual({ n: 0 });
    await again.lock();
  });
});
