// Gmail against its fake, rebuilt from the discovery document gmail/v1 (rev. 20210111): send
// (MIME), reply in the thread, drafts, list and read messages and threads, labels; scopes per method.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../../src/engine/index.js';
import { decodeWords, headerOf, parseMime } from '../../fixtures/fake-saas/gmail-mime.js';
import { catalog, providerWorld, type ProviderWorld } from './provider-helpers.js';

let p: ProviderWorld;
const G = (s: string) => `https://www.googleapis.com/auth/gmail.${s}`;
beforeAll(async () => {
  p = await providerWorld('gmail');
  p.w.fake.addToken('gmail', 'ya29.a0-sarah-gmail', 'sarah@acme.example');
  await p.setUp('/gmail/v1', { authType: 'oauth2', credentials: { accessToken: 'ya29.a0-sarah-gmail' } }, { authType: 'oauth2', credentials: { accessToken: 'ya29.revoked' } });
});
afterAll(async () => p.close());
const sourceOf = (req: { body: unknown }, key: 'raw' | 'message' = 'raw') => {
  const raw = key === 'raw' ? (req.body as { raw: string }).raw : (req.body as { message: { raw: string } }).message.raw;
  return Buffer.from(raw, 'base64url').toString('utf8');
};

describe('Gmail', () => {
  it('sends a MIME message in UTF-8, folded and wrapped', async () => {
    const subject = 'Déjeuner d’équipe vendredi à midi — réservation confirmée ✓';
    const text = 'Bonjour Ann,\n\nLa table est réservée pour 12h30. ' + 'À bientôt ! '.repeat(12);
    const sent = await p.run('gmail.send_email', { to: ['ann@example.com', 'bob@example.com'], cc: ['carol@example.com'], subject, body: text });
    expect(sent).toEqual({ id: expect.stringMatching(/^[0-9a-f]{16}$/), thread_id: sent.id, label_ids: ['SENT'] });
    const req = p.last();
    expect(req).toMatchObject({ method: 'POST', path: '/gmail/v1/users/me/messages/send', headers: { authorization: 'Bearer ya29.a0-sarah-gmail' } });
    const source = sourceOf(req);
    const mime = parseMime(source)!;
    expect(headerOf(mime, 'To')).toBe('ann@example.com, bob@example.com');
    expect(headerOf(mime, 'Cc')).toBe('carol@example.com');
    expect(decodeWords(headerOf(mime, 'Subject')!)).toBe(subject);
    expect(Buffer.from(mime.body, 'base64').toString('utf8')).toBe(text.replace(/\n/g, '\r\n'));
    expect(source.split('\r\n').every((line) => line.length <= 78)).toBe(true);
  });

  it('lists, reads and replies in the thread; the reply joins it', async () => {
    const listed = await p.run('gmail.list_messages', { q: 'from:ann@example.com is:unread', maxResults: 5, labelIds: ['INBOX', 'UNREAD'] });
    expect(p.last()).toMatchObject({ method: 'GET', path: '/gmail/v1/users/me/messages', query: { q: 'from:ann@example.com is:unread', maxResults: '5', labelIds: ['INBOX', 'UNREAD'] } });
    expect(listed).toEqual({ messages: [{ id: expect.any(String), thread_id: expect.any(String) }], result_size_estimate: 1, next_cursor: null });
    const id = (listed.messages as { id: string }[])[0]!.id;
    const original = await p.run('gmail.get_message', { id });
    expect(original).toMatchObject({ id, from: 'Ann Lee <ann@example.com>', subject: 'Quarterly report', rfc822_message_id: '<CAF-ann-q3-report@mail.example.com>', references: null, internal_date: '2025-11-20T08:30:00.000Z', body_text: 'The Q3 numbers are in — see the attached sheet.' });
    const reply = await p.run('gmail.reply', {
      thread_id: original.thread_id,
      in_reply_to: original.rfc822_message_id,
      to: ['ann@example.com'],
      subject: original.subject,
      body: 'Thanks, looks good.',
    });
    const mime = parseMime(sourceOf(p.last()))!;
    expect(p.last().body).toMatchObject({ threadId: original.thread_id });
    expect([headerOf(mime, 'Subject'), headerOf(mime, 'In-Reply-To'), headerOf(mime, 'References')]).toEqual(['Re: Quarterly report', '<CAF-ann-q3-report@mail.example.com>', '<CAF-ann-q3-report@mail.example.com>']);
    expect(reply.thread_id).toBe(original.thread_id);
    const thread = await p.run('gmail.get_thread', { id: original.thread_id, format: 'metadata', metadataHeaders: ['Subject'] });
    expect((thread.messages as { subject: string }[]).map((m) => m.subject)).toEqual(['Quarterly report', 'Re: Quarterly report']);
    const meta = await p.run('gmail.get_message', { id: reply.id, format: 'metadata', metadataHeaders: ['Subject', 'To'] });
    expect(p.last().query).toEqual({ format: 'metadata', metadataHeaders: ['Subject', 'To'] });
    expect(meta).toMatchObject({ label_ids: ['SENT'], to: 'ann@example.com', from: null });
    expect(meta).not.toHaveProperty('body_text');
  });

  it('pages with an opaque token and refuses one it never issued', async () => {
    const page1 = await p.run('gmail.list_messages', { maxResults: 1 });
    expect(page1.next_cursor).toEqual(expect.any(String));
    await p.run('gmail.list_messages', { maxResults: 1, cursor: page1.next_cursor });
    expect(p.last().query).toMatchObject({ pageToken: page1.next_cursor });
    expect(await p.fail('gmail.list_messages', { cursor: '2' })).toMatchObject({ code: 'UPSTREAM_ERROR', details: { status: 400 } });
  });

  it('saves a draft, lists labels and changes a message\'s labels', async () => {
    const draft = await p.run('gmail.create_draft', { to: ['bob@example.com'], subject: 'Plan', body: 'Draft text.' });
    expect(p.last()).toMatchObject({ method: 'POST', path: '/gmail/v1/users/me/drafts' });
    expect(decodeWords(headerOf(parseMime(sourceOf(p.last(), 'message'))!, 'Subject')!)).toBe('Plan');
    expect(draft).toMatchObject({ id: expect.stringMatching(/^r-/), label_ids: ['DRAFT'] });
    const labels = await p.run('gmail.list_labels', {});
    expect(labels.labels).toEqual(expect.arrayContaining([{ id: 'INBOX', name: 'INBOX', type: 'system' }, { id: 'Label_1', name: 'Receipts', type: 'user' }]));
    const id = ((await p.run('gmail.list_messages', { labelIds: ['INBOX'] })).messages as { id: string }[])[0]!.id;
    expect(await p.run('gmail.modify_labels', { id, removeLabelIds: ['UNREAD', 'INBOX'], addLabelIds: ['Label_1'] })).toEqual({ id, thread_id: id, label_ids: ['IMPORTANT', 'Label_1'] });
    expect(p.last()).toMatchObject({ method: 'POST', path: `/gmail/v1/users/me/messages/${id}/modify`, body: { removeLabelIds: ['UNREAD', 'INBOX'], addLabelIds: ['Label_1'] } });
    expect(await p.fail('gmail.modify_labels', { id, addLabelIds: ['SENT'] })).toMatchObject({ details: { status: 400 }, message: expect.stringContaining('Invalid label') });
  });

  it('a send-only token may send but not read (insufficientPermissions)', async () => {
    p.w.fake.addToken('gmail', 'ya29.send-only', 'june@acme.example', [G('send')]);
    await connect(p.w.june, catalog, { connectorId: 'gmail', authType: 'oauth2', credentials: { accessToken: 'ya29.send-only' }, baseUrl: p.w.fake.baseUrl('gmail') + '/gmail/v1' });
    await p.run('gmail.send_email', { to: ['ann@example.com'], subject: 'Hi', body: 'Hello' }, p.w.june);
    expect(await p.fail('gmail.list_messages', {}, p.w.june)).toMatchObject({ code: 'UPSTREAM_ERROR', details: { status: 403 }, message: expect.stringContaining('insufficient authentication scopes') });
    p.w.fake.tokens.delete('ya29.send-only');
  });

  it('refuses a revoked token, tests the connection, and ran every action', async () => {
    await p.checkAuthAndTest('gmail.list_messages', {});
    expect(p.last().path).toBe('/gmail/v1/users/me/profile');
    expect(await p.fail('gmail.get_message', { id: '18cffffffffffff0' })).toMatchObject({ code: 'UPSTREAM_ERROR', details: { status: 404 }, message: expect.stringContaining('Requested entity was not found.') });
    p.expectAllRan();
  });
});
