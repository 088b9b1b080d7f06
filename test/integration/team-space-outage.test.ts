// Three machines (three homes, three processes) on one PostgreSQL of this test's own, which is
// stopped and started again mid-way: each machine keeps working on its last verified state, says
// since when it is offline, queues what it must push, and catches up losing nothing and counting
// nothing twice.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSaas } from '../fixtures/fake-saas/server.js';
import { slackMessages } from '../fixtures/fake-saas/slack.js';
import { havePostgres, privateServer, withClient, type PrivateServer } from '../fixtures/postgres.js';
import { MachineProcess, waitFor, type Answer } from '../fixtures/team-machines.js';
import { PASS_JUNE, PASS_SARAH, removeDir, runCli, tempDir } from '../helpers.js';

const PROPAGATION_MS = 1000;
const PASS_EMILY = 'maple lantern quiet harbor';
const PASS_AVA = 'copper meadow silent engine';
type Status = { offlineSince: string | null; pending: boolean; lastSync: string | null };
type ActionState = { id: string; allowed: boolean };

describe.skipIf(!havePostgres)('a team space on three machines through a database outage', () => {
  let dir: string;
  let server: PrivateServer;
  let url: string;
  let fake: FakeSaas;
  const machines: Record<'a' | 'b' | 'c', MachineProcess | undefined> = { a: undefined, b: undefined, c: undefined };
  const m = (k: 'a' | 'b' | 'c'): MachineProcess => machines[k]!;

  beforeAll(async () => {
    dir = await tempDir('sb-team3-');
    server = await privateServer();
    await withClient(server.url, (c) => c.query('CREATE DATABASE team'), server.password);
    url = server.url.replace(/\/postgres$/, '/team');
    fake = await FakeSaas.start();
    fake.addToken('slack', 'xoxb-team-june-000000001', 'june');
    fake.addToken('slack', 'xoxb-team-emily-00000002', 'emily');
  }, 120_000);
  afterAll(async () => {
    for (const p of Object.values(machines)) await p?.stop();
    await fake?.stop();
    await server?.remove();
    await removeDir(dir);
  });

  const allowed = async (k: 'b' | 'c', as: string, connectorId: string): Promise<boolean[]> => {
    const r = await m(k).op<ActionState[]>(as, 'actions.list', { connectorId });
    return r.ok ? r.value.map((s) => s.allowed) : [];
  };
  const send = (k: 'b' | 'c', as: string, text: string): Promise<Answer> => m(k).op(as, 'actions.run', { actionId: 'slack.send_message', input: { channel: 'C0001', text } });
  const status = (k: 'a' | 'b' | 'c') => m(k).do<Status>('status');
  const ok = (r: Answer) => expect(r).toMatchObject({ ok: true });

  it('publishes on A, joins B and C, a profile on each, and a denial reaches both others within a second', async () => {
    const env = { SWITCHBOARD_PASSPHRASE: PASS_SARAH, SWITCHBOARD_DB_PASSWORD: server.password };
    expect((await runCli(['space', 'create', '--name', 'Acme', '--home', join(dir, 'a')])).code).toBe(0);
    expect((await runCli(['tenant', 'create', '--name', 'Sarah', '--home', join(dir, 'a')], { env })).code).toBe(0);
    expect((await runCli(['space', 'publish', '--database', url, '--tenant', 'Sarah', '--machine-name', 'a', '--home', join(dir, 'a')], { env })).stderr).toBe('');
    for (const k of ['b', 'c'] as const) {
      expect((await runCli(['space', 'join', '--database', url, '--machine-name', k, '--home', join(dir, k)], { env: { PGPASSWORD: server.password } })).stderr).toBe('');
    }
    for (const k of ['a', 'b', 'c'] as const) machines[k] = await MachineProcess.start(join(dir, k), { POLL_MS: '300' });
    await m('a').do('unlock', { name: 'Sarah', passphrase: PASS_SARAH });
    for (const [k, name, pass, token] of [['b', 'June', PASS_JUNE, 'xoxb-team-june-000000001'], ['c', 'Emily', PASS_EMILY, 'xoxb-team-emily-00000002']] as const) {
      await m(k).do('create', { name, passphrase: pass });
      await m(k).do('unlock', { name, passphrase: pass });
      ok(await m(k).op(name, 'connections.connect', { connectorId: 'slack', authType: 'bearer', credentials: { token }, baseUrl: fake.baseUrl('slack') }));
      ok(await m(k).op(name, 'actions.setEnabled', { actionIds: ['slack.send_message'], enabled: true, mode: 'allow' }));
    }
    for (const k of ['a', 'b', 'c'] as const) {
      await waitFor(`three profiles in ${k}'s directory`, () => m(k).do<{ name: string }[]>('directory'), (rows) => rows.length === 3, 10_000);
    }
    ok(await send('b', 'June', 'one'));
    ok(await send('b', 'June', 'two'));
    ok(await send('c', 'Emily', 'one'));

    ok(await m('a').op('Sarah', 'admin.setPolicy', { subject: 'github', role: 'member', effect: 'deny' }));
    await Promise.all([
      waitFor('github denied on B', () => allowed('b', 'June', 'github'), (a) => a.length > 0 && a.every((x) => !x), PROPAGATION_MS),
      waitFor('github denied on C', () => allowed('c', 'Emily', 'github'), (a) => a.length > 0 && a.every((x) => !x), PROPAGATION_MS),
    ]);
  });

  it('with the database down each machine keeps working, says since when it is offline, and queues', async () => {
    await server.pause();
    for (const k of ['a', 'b', 'c'] as const) {
      await waitFor(`${k} offline`, () => status(k), (s) => s.offlineSince !== null, 10_000);
    }
    // Calls go on from the last verified state (the denial still holds, the allowed action still runs).
    for (const text of ['three', 'four', 'five']) ok(await send('b', 'June', text));
    ok(await send('c', 'Emily', 'two'));
    expect((await allowed('b', 'June', 'github')).every((x) => !x)).toBe(true);
    // The admin's change applies on A now and waits to be pushed; a profile is created on B.
    ok(await m('a').op('Sarah', 'admin.setPolicy', { subject: 'notion', role: 'member', effect: 'deny' }));
    expect(await status('a')).toMatchObject({ pending: true, offlineSince: expect.any(String) });
    await m('b').do('create', { name: 'Ava', passphrase: PASS_AVA });
    // What the header shows (the UI's space.teamStatus channel), and the CLI, say so too.
    expect(await m('b').op(undefined, 'space.teamStatus')).toMatchObject({ ok: true, value: { team: true, machine: 'b', offlineSince: expect.any(String) } });
    const cli = await runCli(['space', 'status', '--home', join(dir, 'b')], { timeoutMs: 20_000 });
    expect(cli.stdout).toMatch(/^Offline since \d{4}-\d\d-\d\dT/m);
  });

  it('back online, every machine catches up: the queued change everywhere, the new profile in every directory, each count once', async () => {
    await server.resume();
    for (const k of ['a', 'b', 'c'] as const) {
      await waitFor(`${k} online`, () => status(k), (s) => s.offlineSince === null && !s.pending, 15_000);
    }
    expect(await m('b').op(undefined, 'space.teamStatus')).toMatchObject({ ok: true, value: { team: true, offlineSince: null, pending: false } });
    await waitFor('notion denied on B', () => allowed('b', 'June', 'notion'), (a) => a.length > 0 && a.every((x) => !x), 5000);
    await waitFor('notion denied on C', () => allowed('c', 'Emily', 'notion'), (a) => a.length > 0 && a.every((x) => !x), 5000);
    for (const k of ['a', 'b', 'c'] as const) {
      await waitFor(`Ava in ${k}'s directory`, () => m(k).do<{ name: string }[]>('directory'), (rows) => rows.some((r) => r.name === 'Ava'), 10_000);
    }
    // Every call the provider saw is counted once in the published counters, and every audit entry is there once.
    expect(slackMessages(fake).filter((x) => x.account === 'june')).toHaveLength(5);
    const counted = async () =>
      withClient(
        url,
        async (c) => (await c.query<{ name: string; calls: string }>('SELECT p.name, sum(c.calls) AS calls FROM sb_counter c JOIN sb_profile p ON p.id = c.tenant_id GROUP BY p.name ORDER BY p.name')).rows,
        server.password,
      );
    // What each profile's own activity log holds (its five or two messages, and the check its connection made when saved).
    const logged = async (k: 'b' | 'c', as: string) => {
      const r = await m(k).op<unknown[]>(as, 'activity.query', { limit: 1000 });
      return r.ok ? String(r.value.length) : 'none';
    };
    const expected = [
      { name: 'Emily', calls: await logged('c', 'Emily') },
      { name: 'June', calls: await logged('b', 'June') },
    ];
    expect(Number(expected[1]!.calls)).toBeGreaterThanOrEqual(5);
    await waitFor('the counters pushed', counted, (rows) => JSON.stringify(rows) === JSON.stringify(expected), 15_000);
    const audit = await m('a').op<{ entries: unknown[] }>('Sarah', 'admin.audit');
    const local = audit.ok ? audit.value.entries.length : -1;
    const shared = await withClient(url, async (c) => (await c.query<{ n: string; d: string }>("SELECT count(*) AS n, count(DISTINCT hash) AS d FROM sb_audit WHERE machine_id = (SELECT machine_id FROM sb_state WHERE kind = 'policy')")).rows[0]!, server.password);
    expect(local).toBeGreaterThan(0);
    expect(shared).toEqual({ n: String(local), d: String(local) });
  });
});
