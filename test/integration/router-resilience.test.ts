// How the router behaves when providers misbehave or cannot be reached.
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { builtinCatalog, cancelOutbox, connect, enableActions, listOutbox, queryActivity } from '../../src/engine/index.js';
import { FakeSaas } from '../fixtures/fake-saas/server.js';
import { slackMessages } from '../fixtures/fake-saas/slack.js';
import { world, type World } from './router-helpers.js';

const catalog = builtinCatalog();
let w: World;
const extra: FakeSaas[] = [];
afterEach(async () => {
  await Promise.all(extra.splice(0).map((f) => f.stop()));
  await w?.close();
});

async function slackFor(session: World['sarah'], baseUrl = w.fake.baseUrl('slack')): Promise<void> {
  w.fake.addToken('slack', 'xoxb-sarah-000000000001', 'sarah');
  await connect(session, catalog, { connectorId: 'slack', authType: 'bearer', credentials: { token: 'xoxb-sarah-000000000001' }, baseUrl });
  await enableActions(session, catalog, ['slack.send_message', 'slack.list_channels']);
}

const list = () => w.router.execute(w.sarah, 'slack.list_channels', {}, { via: 'ui' });
const post = (text = 'hello') => w.router.execute(w.sarah, 'slack.send_message', { channel: 'C0001', text }, { via: 'ui' });

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('retries', () => {
  it('a read retries a 429 after its Retry-After, and succeeds', async () => {
    w = await world();
    await slackFor(w.sarah);
    w.fake.script({ provider: 'slack', path: '/conversations.list', times: 1, respond: { status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' } } });
    const started = performance.now();
    expect((await list()).status).toBe('ok');
    expect(performance.now() - started).toBeGreaterThanOrEqual(900);
    expect(w.fake.requestsTo('slack', '/conversations.list')).toHaveLength(2);
  });

  it('a read retries 5xx a bounded number of times, then fails with the status', async () => {
    w = await world();
    await slackFor(w.sarah);
    w.fake.script({ provider: 'slack', path: '/conversations.list', times: 10, respond: { status: 502, body: { ok: false, error: 'bad gateway' } } });
    await expect(list()).rejects.toMatchObject({ code: 'UPSTREAM_ERROR', details: { status: 502 } });
    expect(w.fake.requestsTo('slack', '/conversations.list')).toHaveLength(3);
  });

  it('a write is not retried on a bare 500 or 429, but is on a 503 that says Retry-After', async () => {
    w = await world();
    await slackFor(w.sarah);
    w.fake.script({ provider: 'slack', path: '/chat.postMessage', times: 1, respond: { status: 500, body: {} } });
    await expect(post()).rejects.toMatchObject({ code: 'UPSTREAM_ERROR', details: { status: 500 } });
    w.fake.script({ provider: 'slack', path: '/chat.postMessage', times: 1, respond: { status: 429, body: {} } });
    await expect(post()).rejects.toMatchObject({ code: 'UPSTREAM_ERROR', message: expect.stringMatching(/rate-limiting/) });
    expect(w.fake.requestsTo('slack', '/chat.postMessage')).toHaveLength(2);
    w.fake.script({ provider: 'slack', path: '/chat.postMessage', times: 1, respond: { status: 503, headers: { 'retry-after': '0' }, body: {} } });
    expect((await post('after 503')).status).toBe('ok');
    expect(slackMessages(w.fake).map((m) => m.text)).toEqual(['after 503']);
  });

  it('a Retry-After longer than the router waits fails at once and says when to retry', async () => {
    w = await world();
    await slackFor(w.sarah);
    w.fake.script({ provider: 'slack', path: '/conversations.list', times: 1, respond: { status: 429, headers: { 'retry-after': '120' }, body: {} } });
    await expect(list()).rejects.toMatchObject({ code: 'UPSTREAM_ERROR', details: { status: 429, retryAfterMs: 120_000 }, message: expect.stringMatching(/120 s/) });
    expect(w.fake.requestsTo('slack', '/conversations.list')).toHaveLength(1);
  });
});

describe('bad answers', () => {
  it('times out a slow provider as UPSTREAM_TIMEOUT', async () => {
    w = await world({ timeoutMs: 400 });
    await slackFor(w.sarah);
    w.fake.script({ provider: 'slack', path: '/chat.postMessage', times: 1, respond: { delayMs: 2_000, body: { ok: true } } });
    await expect(post()).rejects.toMatchObject({ code: 'UPSTREAM_TIMEOUT' });
  });

  it('refuses an HTML page, a truncated body and a 10 MB answer with clear errors', async () => {
    w = await world();
    await slackFor(w.sarah);
    w.fake.script({ provider: 'slack', times: 1, respond: { status: 200, headers: { 'content-type': 'text/html' }, body: '<html><body>Sign in</body></html>' } });
    await expect(list()).rejects.toMatchObject({ code: 'UPSTREAM_ERROR', message: expect.stringMatching(/HTML page instead of JSON/) });
    w.fake.script({ provider: 'slack', times: 3, respond: { body: { ok: true, channels: [{ id: 'C1', name: 'x' }] }, truncateAt: 12 } });
    await expect(list()).rejects.toMatchObject({ code: 'UPSTREAM_ERROR' });
    const huge = Buffer.alloc(10 * 1024 * 1024, 0x61);
    w.fake.script({ provider: 'slack', times: 1, respond: { body: Buffer.concat([Buffer.from('{"ok":true,"x":"'), huge, Buffer.from('"}')]) } });
    await expect(list()).rejects.toMatchObject({ code: 'UPSTREAM_ERROR', message: expect.stringMatching(/larger than 5 MB/) });
    // Every failure is in the log, with its code.
    expect((await queryActivity(w.sarah)).map((e) => e.code)).toEqual(['UPSTREAM_ERROR', 'UPSTREAM_ERROR', 'UPSTREAM_ERROR']);
  });
});

describe('offline', () => {
  it('fails fast as OFFLINE when the host refuses connections, with no retry storm', async () => {
    w = await world();
    const port = await freePort();
    await slackFor(w.sarah, `http://127.0.0.1:${port}/slack`);
    const started = performance.now();
    await expect(list()).rejects.toMatchObject({ code: 'OFFLINE' });
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('fails within a couple of seconds when the host name does not resolve', async () => {
    w = await world();
    await slackFor(w.sarah, 'https://switchboard-test.invalid/api');
    const started = performance.now();
    await expect(list()).rejects.toMatchObject({ code: 'OFFLINE' });
    expect(performance.now() - started).toBeLessThan(3_000);
  });

  it('queues a write in the outbox and sends it once when the host is back', async () => {
    w = await world();
    const port = await freePort();
    await slackFor(w.sarah, `http://127.0.0.1:${port}/slack`);
    const queued = await w.router.execute(w.sarah, 'slack.send_message', { channel: 'C0001', text: 'queued hello' }, { via: 'cli', queue: true });
    expect(queued).toMatchObject({ status: 'queued', outboxId: expect.stringMatching(/^ob_/) });
    const second = await w.router.execute(w.sarah, 'slack.send_message', { channel: 'C0001', text: 'cancel me' }, { via: 'cli', queue: true });
    // A read is never queued.
    await expect(w.router.execute(w.sarah, 'slack.list_channels', {}, { via: 'cli', queue: true })).rejects.toMatchObject({ code: 'OFFLINE' });
    expect((await listOutbox(w.sarah)).map((i) => i.status)).toEqual(['pending', 'pending']);
    if (second.status !== 'queued') throw new Error('expected queued');
    await cancelOutbox(w.sarah, second.outboxId);

    // Still offline: nothing sent, still pending.
    expect(await w.router.flushOutbox(w.sarah)).toMatchObject({ sent: 0, pending: true });

    const back = await FakeSaas.start({ port });
    extra.push(back);
    back.addToken('slack', 'xoxb-sarah-000000000001', 'sarah');
    expect(await w.router.flushOutbox(w.sarah)).toMatchObject({ sent: 1, failed: 0, pending: false });
    expect(await w.router.flushOutbox(w.sarah)).toMatchObject({ sent: 0 });
    expect(slackMessages(back).map((m) => m.text)).toEqual(['queued hello']);
    const items = await listOutbox(w.sarah, { all: true });
    expect(items.map((i) => [i.status, i.attempts])).toEqual([
      ['sent', 2],
      ['cancelled', 0],
    ]);
    await expect(cancelOutbox(w.sarah, items[0]!.id)).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(cancelOutbox(w.june, items[0]!.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const log = await queryActivity(w.sarah, { action: 'slack' });
    expect(log.map((e) => e.status)).toContain('queued');
  });
});
