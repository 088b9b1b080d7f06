// Every operation, through both transports: the access it declares is what the UI contract and the
// CLI enforce, the same way. A new operation fails this test until it is listed here.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_OPERATIONS, createTenant, setRole, requireAdmin, unlockTenant, type Access, type Home } from '../../src/engine/index.js';
import { UiSession } from '../../src/engine/rpc/ui-session.js';
import type { ChannelName } from '../../src/shared/ipc.js';
import { PASS_JUNE, PASS_SARAH, newHome, removeDir, runCli } from '../helpers.js';

interface Case {
  access: Access;
  /** The UI channel that carries it, or why none does. */
  ui: { channel: ChannelName; input?: unknown } | { none: string };
  /** The CLI command (without --tenant and --home). */
  cli: string[];
  /** Extra environment for the CLI (a new passphrase). */
  env?: Record<string, string>;
}

const ALL_ENABLED = ['slack.send_message'];
const OPENAPI_FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'openapi', 'notes-3.1.yaml');
const DECLARATIVE_FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'openapi', 'status-board.connector.yaml');
const CASES: Record<string, Case> = {
  'space.list': { access: 'none', ui: { none: 'the window shows one space' }, cli: ['space', 'list'] },
  'space.create': { access: 'none', ui: { none: 'the first profile creates the space' }, cli: ['space', 'create', '--name', 'Other'] },
  'space.info': { access: 'none', ui: { channel: 'space.info' }, cli: ['space', 'info'] },
  // Port 9 answers nothing: anyone gets through to OFFLINE (the UI refuses it while the home has a space).
  'space.join': { access: 'none', ui: { none: 'the first-run screen only (checked in test/e2e/team-space.spec.ts)' }, cli: ['space', 'join', '--database', 'postgres://sb@127.0.0.1:9/none'] },
  'space.teamStatus': { access: 'none', ui: { channel: 'space.teamStatus' }, cli: ['space', 'status'] },
  'space.rename': { access: 'admin-once-profiles-exist', ui: { channel: 'admin.setSpaceSettings', input: { name: 'Acme' } }, cli: ['space', 'rename', '--name', 'Acme'] },
  'profiles.list': { access: 'none', ui: { channel: 'profiles.list' }, cli: ['tenant', 'list'] },
  'profiles.create': { access: 'none', ui: { channel: 'profiles.create', input: { name: 'Walk UI', passphrase: 'lemon glacier piano hedgehog' } }, cli: ['tenant', 'create', '--name', 'Walk CLI'] },
  'profiles.unlock': { access: 'none', ui: { channel: 'session.unlock', input: { tenantId: 'June', passphrase: PASS_JUNE } }, cli: ['tenant', 'unlock', '--tenant', 'June'] },
  'profiles.recover': { access: 'none', ui: { channel: 'session.recover', input: { tenantId: 'June', recoveryKey: 'not-a-key', newPassphrase: PASS_JUNE } }, cli: ['tenant', 'recover', '--tenant', 'June', '--recovery-key-stdin'] },
  'profiles.delete': { access: 'none', ui: { channel: 'session.deleteProfile', input: { passphrase: 'wrong passphrase here' } }, cli: ['tenant', 'delete', '--tenant', 'Nobody-here'] },
  'profiles.rename': { access: 'profile', ui: { none: 'profiles are renamed from the CLI' }, cli: ['tenant', 'rename', '--name', 'June'] },
  'profiles.changePassphrase': { access: 'profile', ui: { channel: 'session.changePassphrase', input: { current: PASS_JUNE, next: PASS_JUNE } }, cli: ['tenant', 'passwd'], env: { SWITCHBOARD_NEW_PASSPHRASE: PASS_JUNE } },
  'profiles.exportKey': { access: 'profile', ui: { none: 'the raw vault key never reaches a renderer: the CLI prints it, with its warning' }, cli: ['tenant', 'export-key'] },
  'settings.get': { access: 'profile', ui: { channel: 'settings.get' }, cli: ['tenant', 'settings'] },
  'settings.update': { access: 'profile', ui: { channel: 'settings.update', input: { autoLockMinutes: 20 } }, cli: ['tenant', 'settings', '--auto-lock', '20'] },
  'catalog.list': { access: 'profile', ui: { channel: 'catalog.list' }, cli: ['connector', 'list'] },
  'catalog.show': { access: 'profile', ui: { none: 'the connector screen reads actions.list' }, cli: ['connector', 'show', 'slack'] },
  'catalog.export': { access: 'profile', ui: { none: 'exporting writes a file: the CLI' }, cli: ['connector', 'export', 'nothing_here'] },
  'connections.list': { access: 'profile', ui: { channel: 'connections.list' }, cli: ['connections'] },
  'connections.connect': { access: 'profile', ui: { channel: 'connections.connect', input: { connectorId: 'slack', authType: 'bearer', credentials: { token: 'xoxb-walk-0000000001' }, baseUrl: 'http://127.0.0.1:9/slack' } }, cli: ['connect', 'slack', '--token', 'xoxb-walk-0000000001', '--base-url', 'http://127.0.0.1:9/slack'] },
  'connections.connectOAuth': { access: 'profile', ui: { channel: 'connections.startOAuth', input: { connectorId: 'github' } }, cli: ['connect', 'github', '--oauth'] },
  'connections.test': { access: 'profile', ui: { channel: 'connections.test', input: { connectorId: 'slack' } }, cli: ['connections', 'test', 'slack'] },
  'connections.disconnect': { access: 'profile', ui: { channel: 'connections.disconnect', input: { connectorId: 'notion' } }, cli: ['disconnect', 'notion'] },
  'actions.list': { access: 'profile', ui: { channel: 'actions.list', input: {} }, cli: ['actions'] },
  'actions.setEnabled': { access: 'profile', ui: { channel: 'actions.setEnabled', input: { actionId: 'slack.send_message', enabled: true } }, cli: ['enable', ...ALL_ENABLED] },
  'actions.setMode': { access: 'profile', ui: { channel: 'actions.setMode', input: { actionId: 'slack.send_message', mode: 'allow' } }, cli: ['enable', 'slack.send_message', '--allow'] },
  'approvals.list': { access: 'profile', ui: { channel: 'approvals.list' }, cli: ['approvals'] },
  'approvals.answer': { access: 'profile', ui: { channel: 'approvals.answer', input: { id: 'ap_0000000000000000', decision: 'deny' } }, cli: ['approvals', 'deny', 'ap_0000000000000000'] },
  'actions.run': { access: 'profile', ui: { channel: 'actions.run', input: { actionId: 'slack.send_message', input: { channel: 'C1', text: 'x' } } }, cli: ['exec', 'slack.send_message', '--input', '{"channel":"C1","text":"x"}'] },
  'activity.query': { access: 'profile', ui: { channel: 'activity.query', input: {} }, cli: ['log'] },
  'outbox.list': { access: 'profile', ui: { channel: 'outbox.list' }, cli: ['outbox'] },
  'outbox.cancel': { access: 'profile', ui: { channel: 'outbox.cancel', input: { id: 'ob_0000000000000000' } }, cli: ['outbox', 'cancel', 'ob_0000000000000000'] },
  'outbox.flush': { access: 'profile', ui: { none: 'the outbox is flushed every 30 s while unlocked' }, cli: ['outbox', 'flush'] },
  'mcp.tokens.list': { access: 'profile', ui: { channel: 'mcp.tokens.list' }, cli: ['mcp', 'token', 'list'] },
  'mcp.tokens.create': { access: 'profile', ui: { channel: 'mcp.tokens.create', input: { name: 'Walk' } }, cli: ['mcp', 'token', 'create', '--name', 'Walk'] },
  'mcp.tokens.revoke': { access: 'profile', ui: { channel: 'mcp.tokens.revoke', input: { id: 'mt_0000000000000000' } }, cli: ['mcp', 'token', 'revoke', 'mt_0000000000000000'] },
  'admin.tenants': { access: 'admin', ui: { channel: 'admin.tenants' }, cli: ['admin', 'tenants'] },
  'admin.setRole': { access: 'admin', ui: { channel: 'admin.setRole', input: { tenantId: 'June', role: 'member' } }, cli: ['tenant', 'role', 'June', '--set', 'member'] },
  'admin.removeTenant': { access: 'admin', ui: { channel: 'admin.removeTenant', input: { tenantId: 'Nobody-here' } }, cli: ['tenant', 'delete', '--tenant', 'Nobody-here', '--as'] },
  'admin.policy': { access: 'admin', ui: { channel: 'admin.policy' }, cli: ['policy', 'show'] },
  'admin.previewPolicy': { access: 'admin', ui: { channel: 'admin.previewPolicy', input: { subject: 'slack', role: 'viewer', effect: 'deny' } }, cli: ['policy', 'preview', 'slack', '--role', 'viewer', '--effect', 'deny'] },
  'admin.setPolicy': { access: 'admin', ui: { channel: 'admin.setPolicy', input: { subject: 'github', role: 'viewer', effect: 'inherit' } }, cli: ['policy', 'inherit', 'github', '--role', 'viewer'] },
  'admin.audit': { access: 'admin', ui: { channel: 'admin.audit' }, cli: ['admin', 'audit'] },
  'admin.insights': { access: 'admin', ui: { channel: 'admin.insights', input: {} }, cli: ['admin', 'insights'] },
  'admin.spaceSettings': { access: 'admin', ui: { channel: 'admin.spaceSettings' }, cli: ['space', 'settings'] },
  'admin.setSpaceSettings': { access: 'admin', ui: { channel: 'admin.setSpaceSettings', input: { defaultAutoLockMinutes: 15 } }, cli: ['space', 'settings', '--default-auto-lock', '15'] },
  'admin.oauthClients': { access: 'admin', ui: { channel: 'admin.oauthClients' }, cli: ['oauth', 'list'] },
  'admin.customConnectors': { access: 'admin', ui: { channel: 'admin.customConnectors' }, cli: ['connector', 'custom'] },
  'admin.importOpenApi': { access: 'admin', ui: { channel: 'admin.importOpenApi', input: { source: { text: '{}', name: 'x.json' }, id: 'walk', dryRun: true } }, cli: ['connector', 'import', OPENAPI_FIXTURE, '--id', 'walk', '--dry-run'] },
  'admin.addConnector': { access: 'admin', ui: { none: 'the import screen imports OpenAPI; hand-written ones come from the CLI' }, cli: ['connector', 'add', DECLARATIVE_FIXTURE, '--dry-run'] },
  'admin.removeConnector': { access: 'admin', ui: { channel: 'admin.removeConnector', input: { connectorId: 'nothing_here' } }, cli: ['connector', 'remove', 'nothing_here'] },
  // Port 9 (discard) answers nothing: an admin gets through to OFFLINE, others are refused before.
  'admin.publishTeam': { access: 'admin', ui: { channel: 'admin.publishTeam', input: { url: 'postgres://sb@127.0.0.1:9/none' } }, cli: ['space', 'publish', '--database', 'postgres://sb@127.0.0.1:9/none'] },
  'admin.setOAuthClient': { access: 'admin', ui: { channel: 'admin.setOAuthClient', input: { connectorId: 'linear', clientId: 'walk-client' } }, cli: ['oauth', 'set', 'linear', '--client-id', 'walk-client'] },
};

/** What refusing for want of access looks like. */
const REFUSED = ['VAULT_LOCKED', 'POLICY_DENIED'];

let dir: string;
let home: Home;
beforeAll(async () => {
  ({ dir, home } = await newHome());
  await home.createSpace('Walk');
  const space = await home.openSpace();
  await createTenant(space, { name: 'Sarah', passphrase: PASS_SARAH });
  await createTenant(space, { name: 'June', passphrase: PASS_JUNE });
  await createTenant(space, { name: 'Viewer Vic', passphrase: 'orchid tundra saxophone pebble' });
  const sarah = await unlockTenant(space, 'Sarah', PASS_SARAH);
  await setRole(space, await requireAdmin(space, sarah), 'Viewer Vic', 'viewer');
  await sarah.lock();
  await home.close();
});
afterAll(async () => removeDir(dir));

async function ui(as?: { name: string; pass: string }): Promise<UiSession> {
  const u = new UiSession({ home });
  if (as) {
    const unlocked = await u.handle('session.unlock', { tenantId: as.name, passphrase: as.pass });
    expect(unlocked.ok, JSON.stringify(unlocked)).toBe(true);
  }
  return u;
}

function code(result: { ok: boolean; error?: { code: string } }): string {
  return result.ok ? 'ok' : result.error!.code;
}

/** The CLI's error code (or ok) for one command. */
async function cliCode(argv: string[], tenant: string | undefined, pass: string, env: Record<string, string> = {}): Promise<string> {
  const args = [...argv];
  const asIndex = args.indexOf('--as');
  if (asIndex >= 0 && tenant) args.splice(asIndex + 1, 0, tenant);
  else if (tenant && !args.includes('--tenant')) args.push('--tenant', tenant);
  const result = await runCli([...args, '--home', dir, '--json'], { env: { SWITCHBOARD_PASSPHRASE: pass, ...env }, input: 'AAAA-BBBB\n', timeoutMs: 20_000 });
  if (result.code === 0) return 'ok';
  if (result.code === 2) return 'USAGE';
  const parsed = JSON.parse(result.stdout || '{}') as { error?: { code?: string } };
  return parsed.error?.code ?? `exit ${result.code}: ${result.stderr.slice(0, 200)}`;
}

describe('every operation, through the UI contract and the CLI', () => {
  it('lists every operation with the access it declares', () => {
    const declared = Object.fromEntries(ALL_OPERATIONS.map((o) => [o.name, o.access]));
    expect(Object.keys(CASES).sort()).toEqual(Object.keys(declared).sort());
    for (const [name, c] of Object.entries(CASES)) expect(`${name}: ${declared[name]}`).toBe(`${name}: ${c.access}`);
  });

  it('refuses admin operations to a member and to a viewer the same way in both; an admin gets through', async () => {
    const june = await ui({ name: 'June', pass: PASS_JUNE });
    const vic = await ui({ name: 'Viewer Vic', pass: 'orchid tundra saxophone pebble' });
    const sarah = await ui({ name: 'Sarah', pass: PASS_SARAH });
    for (const [name, c] of Object.entries(CASES).filter(([, c]) => c.access === 'admin' || c.access === 'admin-once-profiles-exist')) {
      if ('channel' in c.ui) {
        expect(`${name} ui member: ${code(await june.handle(c.ui.channel, c.ui.input))}`).toBe(`${name} ui member: POLICY_DENIED`);
        expect(`${name} ui viewer: ${code(await vic.handle(c.ui.channel, c.ui.input))}`).toBe(`${name} ui viewer: POLICY_DENIED`);
        expect(REFUSED, `${name} ui admin`).not.toContain(code(await sarah.handle(c.ui.channel, c.ui.input)));
      }
      expect(`${name} cli member: ${await cliCode(c.cli, 'June', PASS_JUNE)}`).toBe(`${name} cli member: POLICY_DENIED`);
      expect(REFUSED, `${name} cli admin`).not.toContain(await cliCode(c.cli, 'Sarah', PASS_SARAH));
    }
    for (const u of [june, vic, sarah]) await u.close();
  }, 120_000);

  it("runs a profile's operations only with that profile unlocked, in both", async () => {
    const locked = await ui();
    const june = await ui({ name: 'June', pass: PASS_JUNE });
    for (const [name, c] of Object.entries(CASES).filter(([, c]) => c.access === 'profile')) {
      if ('channel' in c.ui) {
        expect(`${name} ui locked: ${code(await locked.handle(c.ui.channel, c.ui.input))}`).toBe(`${name} ui locked: VAULT_LOCKED`);
        expect(REFUSED, `${name} ui june`).not.toContain(code(await june.handle(c.ui.channel, c.ui.input)));
      }
      // Without --tenant the CLI refuses the command as a usage mistake; with it, it runs as that profile.
      expect(`${name} cli no profile: ${await cliCode(c.cli, undefined, PASS_JUNE, c.env)}`).toBe(`${name} cli no profile: USAGE`);
      expect(REFUSED, `${name} cli june`).not.toContain(await cliCode(c.cli, 'June', PASS_JUNE, c.env));
    }
    await locked.close();
    await june.close();
  }, 120_000);

  it('runs the operations open to anyone without a profile unlocked, in both', async () => {
    for (const [name, c] of Object.entries(CASES).filter(([, c]) => c.access === 'none')) {
      const locked = await ui();
      if ('channel' in c.ui && c.ui.channel !== 'session.deleteProfile') {
        expect(REFUSED, `${name} ui`).not.toContain(code(await locked.handle(c.ui.channel, c.ui.input)));
      }
      await locked.close();
      if (name === 'space.create') continue; // run last: a second space makes every later command name one
      expect(REFUSED, `${name} cli`).not.toContain(await cliCode(c.cli, undefined, PASS_JUNE));
    }
    expect(await cliCode(CASES['space.create']!.cli, undefined, PASS_JUNE)).toBe('ok');
  }, 120_000);
});
