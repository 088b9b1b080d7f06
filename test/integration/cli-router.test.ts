// The CLI over the router: connect, enable, exec, log, policy and the outbox, against the fake provider.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { FakeSaas } from '../fixtures/fake-saas/server.js';
import { slackMessages } from '../fixtures/fake-saas/slack.js';
import { PASS_JUNE, PASS_SARAH, removeDir, runCli, tempDir } from '../helpers.js';

let dir: string;
let home: string;
let fake: FakeSaas;
beforeAll(async () => {
  dir = await tempDir('sb-cli3-');
  home = join(dir, 'home');
  fake = await FakeSaas.start();
  fake.addToken('slack', 'xoxb-cli-sarah-0000000001', 'sarah');
  fake.addToken('slack', 'xoxb-cli-june-00000000002', 'june');
});
afterAll(async () => {
  await fake.stop();
  await removeDir(dir);
});

const as = (pass: string) => ({ env: { SWITCHBOARD_PASSPHRASE: pass } });
const sarah = (args: string[], extra: { input?: string } = {}) => runCli([...args, '--tenant', 'Sarah', '--home', home], { ...as(PASS_SARAH), ...extra });
const june = (args: string[], extra: { input?: string } = {}) => runCli([...args, '--tenant', 'June', '--home', home], { ...as(PASS_JUNE), ...extra });

describe('switchboard connect / enable / exec / log', () => {
  it('runs the Sarah-and-June journey from the command line', async () => {
    expect((await runCli(['space', 'create', '--name', 'Acme', '--home', home])).code).toBe(0);
    expect((await runCli(['tenant', 'create', '--name', 'Sarah', '--home', home], as(PASS_SARAH))).code).toBe(0);
    expect((await runCli(['tenant', 'create', '--name', 'June', '--home', home], as(PASS_JUNE))).code).toBe(0);

    const connectors = JSON.parse((await sarah(['connector', 'list', '--json'])).stdout) as { id: string }[];
    expect(connectors.map((c) => c.id)).toEqual(expect.arrayContaining(['slack', 'notion', 'github', 'gmail', 'google_calendar', 'hubspot', 'salesforce', 'jira', 'linear', 'outlook', 'http']));
    const show = JSON.parse((await sarah(['connector', 'show', 'slack', '--json'])).stdout);
    expect(show.actions.find((a: { id: string }) => a.id === 'slack.send_message')).toMatchObject({ kind: 'write', input: { required: ['channel', 'text'] } });

    // The token comes on stdin, never as an argument here.
    const connected = await sarah(['connect', 'slack', '--token-stdin', '--base-url', fake.baseUrl('slack')], { input: 'xoxb-cli-sarah-0000000001\n' });
    expect(connected).toMatchObject({ code: 0 });
    expect(connected.stdout).toMatch(/slack accepted the credentials/);
    expect(connected.stdout + connected.stderr).not.toContain('xoxb-cli-sarah');
    // A token Slack refuses is not saved: the connection made above stays.
    const refused = await sarah(['connect', 'slack', '--token-stdin', '--base-url', fake.baseUrl('slack')], { input: 'xoxb-not-a-real-token-000\n' });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^error AUTH_REQUIRED: Nothing was saved/);
    expect(refused.stdout + refused.stderr).not.toContain('xoxb-not-a-real');

    const disabled = await sarah(['exec', 'slack.send_message', '--input', '{"channel":"C0001","text":"hi from cli"}']);
    expect(disabled.code).toBe(1);
    expect(disabled.stderr).toMatch(/^error ACTION_DISABLED: /);

    expect((await sarah(['enable', 'slack.send_message'])).code).toBe(0);
    const actions = JSON.parse((await sarah(['actions', 'slack', '--json'])).stdout) as { id: string; effective: boolean }[];
    expect(actions.find((a) => a.id === 'slack.send_message')?.effective).toBe(true);
    expect(actions.find((a) => a.id === 'slack.list_channels')?.effective).toBe(false);

    const sent = await sarah(['exec', 'slack.send_message', '--input', '{"channel":"C0001","text":"hi from cli"}']);
    expect(sent.code, sent.stderr).toBe(0);
    expect(JSON.parse(sent.stdout)).toMatchObject({ channel: 'C0001', ts: expect.any(String), text: 'hi from cli' });
    expect(slackMessages(fake)).toEqual([expect.objectContaining({ account: 'sarah', text: 'hi from cli' })]);

    const malformed = await sarah(['exec', 'slack.send_message', '--input', '{"channel": C0001']);
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toMatch(/^error INVALID_INPUT: --input is not valid JSON/);
    const invalid = await sarah(['exec', 'slack.send_message', '--input', '{"channel":"C0001"}', '--json']);
    expect(JSON.parse(invalid.stdout)).toEqual({ error: { code: 'INVALID_INPUT', message: 'Send message (slack.send_message) was not run. Message text: Enter the message text.' } });
    // The same words as the UI's field (test/unit/field-messages.test.ts) for a range crossed on the CLI.
    const far = await sarah(['exec', 'slack.send_message', '--input', JSON.stringify({ channel: 'C0001', text: 'x'.repeat(50_400) })]);
    expect(far.stderr).toMatch(/^error INVALID_INPUT: .*Message text: This is 50,400 characters; the limit is 40,000\./);
    // Out of range is refused with the range, in the words the UI's fields use; nothing is clamped.
    const lock = await sarah(['tenant', 'settings', '--auto-lock', '0']);
    expect(lock.stderr).toMatch(/^error INVALID_INPUT: Auto-lock: Enter a whole number of minutes from 1 to 1440\./);
    const token = await sarah(['mcp', 'token', 'create', '--expires', '99999']);
    expect(token.stderr).toMatch(/^error INVALID_INPUT: Expires after: Enter a whole number of days from 1 to 3650\./);

    const log = JSON.parse((await sarah(['log', '--json', '--limit', '10'])).stdout) as Record<string, unknown>[];
    expect(log[0]).toEqual({ id: expect.any(Number), at: expect.any(String), action: 'slack.send_message', status: 'error', code: 'INVALID_INPUT', message: expect.stringMatching(/^Send message \(slack.send_message\) was not run\. /), durationMs: expect.any(Number), via: 'cli' });
    expect(log.map((e) => `${e.action as string}:${e.status as string}`)).toEqual([
      'slack.send_message:error',
      'slack.send_message:error',
      'slack.send_message:ok',
      'slack.send_message:error',
      'slack.test_connection:error',
      'slack.test_connection:ok',
    ]);
    expect(JSON.parse((await sarah(['log', '--json', '--status', 'ok'])).stdout)).toHaveLength(2);

    // June shares the catalog but sees nothing of Sarah's.
    expect(JSON.parse((await june(['connections', '--json'])).stdout)).toEqual([]);
    expect(JSON.parse((await june(['log', '--json'])).stdout)).toEqual([]);
    const juneExec = await june(['exec', 'slack.send_message', '--input', '{"channel":"C0001","text":"x"}']);
    expect(juneExec.stderr).toMatch(/^error NOT_CONNECTED: /);

    // Policy: June cannot change it; Sarah (admin) can, and June's next call is refused.
    expect((await june(['connect', 'slack', '--token-stdin', '--base-url', fake.baseUrl('slack')], { input: 'xoxb-cli-june-00000000002\n' })).code).toBe(0);
    expect((await june(['enable', 'slack.send_message'])).code).toBe(0);
    expect((await june(['policy', 'deny', 'slack.send_message', '--role', 'member'])).stderr).toMatch(/^error POLICY_DENIED: /);
    expect((await sarah(['policy', 'deny', 'slack.send_message', '--role', 'member'])).code).toBe(0);
    expect(JSON.parse((await sarah(['policy', 'show', '--json'])).stdout)).toEqual([expect.objectContaining({ subject: 'slack.send_message', role: 'member', effect: 'deny' })]);
    expect((await june(['exec', 'slack.send_message', '--input', '{"channel":"C0001","text":"x"}'])).stderr).toMatch(/^error POLICY_DENIED: .*member role/);
    expect((await sarah(['policy', 'inherit', 'slack.send_message', '--role', 'member'])).code).toBe(0);
    expect((await june(['exec', 'slack.send_message', '--input', '{"channel":"C0001","text":"from june"}'])).code).toBe(0);
    expect(fake.requestsTo('slack', '/chat.postMessage').at(-1)!.headers.authorization).toBe('Bearer xoxb-cli-june-00000000002');

    // Roles: a viewer may only read.
    expect((await runCli(['tenant', 'role', 'June', '--set', 'viewer', '--tenant', 'Sarah', '--home', home], as(PASS_SARAH))).code).toBe(0);
    expect((await june(['exec', 'slack.send_message', '--input', '{"channel":"C0001","text":"x"}'])).stderr).toMatch(/^error POLICY_DENIED: .*read actions only/);

    expect((await june(['disconnect', 'slack'])).code).toBe(0);
    expect((await june(['exec', 'slack.send_message', '--input', '{"channel":"C0001","text":"x"}'])).stderr).toMatch(/^error (NOT_CONNECTED|POLICY_DENIED): /);
  }, 180_000);

  it('queues a write when offline, lists it and cancels it', async () => {
    const closed = await FakeSaas.start();
    const url = closed.baseUrl('slack');
    await closed.stop();
    const saved = await sarah(['connect', 'slack', '--token-stdin', '--base-url', url], { input: 'xoxb-cli-sarah-0000000001\n' });
    expect(saved.code, saved.stderr).toBe(0);
    const offline = await sarah(['exec', 'slack.send_message', '--input', '{"channel":"C0001","text":"later"}']);
    expect(offline.stderr).toMatch(/^error OFFLINE: /);
    const queued = await sarah(['exec', 'slack.send_message', '--queue', '--input', '{"channel":"C0001","text":"later"}']);
    expect(queued.code).toBe(0);
    const { outboxId } = JSON.parse(queued.stdout) as { outboxId: string };
    expect(JSON.parse((await sarah(['outbox', '--json'])).stdout)).toEqual([expect.objectContaining({ id: outboxId, status: 'pending', action: 'slack.send_message' })]);
    expect(JSON.parse((await sarah(['outbox', 'flush', '--json'])).stdout)).toMatchObject({ sent: 0, pending: true });
    expect((await sarah(['outbox', 'cancel', outboxId])).code).toBe(0);
    expect(JSON.parse((await sarah(['outbox', '--json'])).stdout)).toEqual([]);
  }, 60_000);
});
