// Each SaaS connector end to end against its fake provider: every action with a realistic input,
// what the provider received (method, path, auth, query, body), the shaped output, the connection
// test, a refused credential (AUTH_REQUIRED) and a provider error (UPSTREAM_ERROR with its message).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinCatalog, connect, enableActions, getConnection, type ConnectInput, type TenantSession } from '../../src/engine/index.js';
import { decodeWords, headerOf, parseMime } from '../fixtures/fake-saas/gmail.js';
import { isAdf } from '../fixtures/fake-saas/jira.js';
import { salesforceOrg } from '../fixtures/fake-saas/salesforce.js';
import { world, type World } from './router-helpers.js';

const catalog = builtinCatalog();
const CONNECTORS = ['gmail', 'google_calendar', 'hubspot', 'salesforce', 'jira', 'linear', 'outlook'];
const ran = new Set<string>();
let w: World;
beforeAll(async () => {
  w = await world();
});
afterAll(async () => w.close());

type Credentials = Pick<ConnectInput, 'authType' | 'credentials'>;

/** Connect Sarah with working credentials and June with refused ones; enable every action for both. */
async function setUp(connectorId: string, path: string, sarah: Credentials, june: Credentials): Promise<void> {
  const baseUrl = w.fake.baseUrl(connectorId) + path;
  await connect(w.sarah, catalog, { connectorId, baseUrl, ...sarah });
  await connect(w.june, catalog, { connectorId, baseUrl, ...june });
  const ids = catalog.actions().filter((a) => a.connector.id === connectorId).map((a) => a.id);
  for (const who of [w.sarah, w.june]) await enableActions(who, catalog, ids);
}

async function run(action: string, input: unknown, who: TenantSession = w.sarah): Promise<Record<string, unknown>> {
  const result = await w.router.execute(who, action, input, { via: 'ui' });
  if (result.status !== 'ok') throw new Error(`${action} was queued`);
  ran.add(action);
  return result.output as Record<string, unknown>;
}

const fail = (action: string, input: unknown, who: TenantSession = w.sarah) => w.router.execute(who, action, input, { via: 'ui' }).catch((e: unknown) => e);
const last = (provider: string) => w.fake.requestsTo(provider).at(-1)!;

/** The bad credential is refused, the connection is marked, and the test call passes for Sarah. */
async function checkAuthAndTest(connectorId: string, action: string, input: unknown): Promise<void> {
  expect(await fail(action, input, w.june)).toMatchObject({ code: 'AUTH_REQUIRED' });
  expect(await getConnection(w.june, catalog, connectorId)).toMatchObject({ status: 'auth_required' });
  expect(await w.router.testConnection(w.sarah, connectorId, 'ui')).toMatchObject({ ok: true });
}

describe('Gmail', () => {
  it('sends a MIME message, lists, reads, and maps errors', async () => {
    w.fake.addToken('gmail', 'ya29.a0-sarah-gmail', 'sarah@acme.example');
    await setUp('gmail', '/gmail/v1', { authType: 'oauth2', credentials: { accessToken: 'ya29.a0-sarah-gmail' } }, { authType: 'oauth2', credentials: { accessToken: 'ya29.revoked' } });
    const subject = 'Déjeuner d’équipe vendredi à midi — réservation confirmée ✓';
    const text = 'Bonjour Ann,\n\nLa table est réservée pour 12h30. ' + 'À bientôt ! '.repeat(12);
    const sent = await run('gmail.send_email', { to: ['ann@example.com', 'bob@example.com'], cc: ['carol@example.com'], subject, body: text });
    expect(sent).toEqual({ id: expect.stringMatching(/^[0-9a-f]{16}$/), thread_id: sent.id, label_ids: ['SENT'] });
    const req = last('gmail');
    expect(req).toMatchObject({ method: 'POST', path: '/gmail/v1/users/me/messages/send', headers: { authorization: 'Bearer ya29.a0-sarah-gmail' } });
    const source = Buffer.from((req.body as { raw: string }).raw, 'base64url').toString('utf8');
    const mime = parseMime(source)!;
    expect(headerOf(mime, 'To')).toBe('ann@example.com, bob@example.com');
    expect(headerOf(mime, 'Cc')).toBe('carol@example.com');
    expect(decodeWords(headerOf(mime, 'Subject')!)).toBe(subject);
    expect(headerOf(mime, 'Content-Type')).toBe('text/plain; charset="UTF-8"');
    expect(Buffer.from(mime.body, 'base64').toString('utf8')).toBe(text.replace(/\n/g, '\r\n'));
    expect(source.split('\r\n').every((line) => line.length <= 78)).toBe(true); // folded and wrapped

    const listed = await run('gmail.list_messages', { q: 'from:ann@example.com is:unread', maxResults: 5, labelIds: ['INBOX', 'UNREAD'] });
    expect(last('gmail')).toMatchObject({ method: 'GET', path: '/gmail/v1/users/me/messages', query: { q: 'from:ann@example.com is:unread', maxResults: '5', labelIds: ['INBOX', 'UNREAD'] } });
    expect(listed).toEqual({ messages: [{ id: expect.any(String), thread_id: expect.any(String) }], result_size_estimate: 1 });

    const id = (listed.messages as { id: string }[])[0]!.id;
    expect(await run('gmail.get_message', { id })).toMatchObject({
      id,
      label_ids: ['INBOX', 'UNREAD', 'IMPORTANT'],
      from: 'Ann Lee <ann@example.com>',
      to: 'sarah@acme.example',
      subject: 'Quarterly report',
      internal_date: '2025-11-20T08:30:00.000Z',
      body_text: 'The Q3 numbers are in — see the attached sheet.',
    });
    expect(last('gmail').path).toBe(`/gmail/v1/users/me/messages/${id}`);
    const meta = await run('gmail.get_message', { id: sent.id, format: 'metadata', metadataHeaders: ['Subject', 'To'] });
    expect(last('gmail').query).toEqual({ format: 'metadata', metadataHeaders: ['Subject', 'To'] });
    expect(meta).toMatchObject({ label_ids: ['SENT'], to: 'ann@example.com, bob@example.com', from: undefined });
    expect(meta).not.toHaveProperty('body_text');
    expect((await run('gmail.get_message', { id: sent.id, format: 'raw' })).raw).toBe(source);

    await checkAuthAndTest('gmail', 'gmail.list_messages', {});
    expect(last('gmail').path).toBe('/gmail/v1/users/me/profile');
    expect(await fail('gmail.get_message', { id: '18cffffffffffff0' })).toMatchObject({ code: 'UPSTREAM_ERROR', details: { status: 404 }, message: expect.stringContaining('Requested entity was not found.') });
  });
});

describe('Google Calendar', () => {
  it('lists calendars and events and creates an event', async () => {
    w.fake.addToken('google_calendar', 'ya29.a0-sarah-cal', 'sarah@acme.example');
    await setUp('google_calendar', '/calendar/v3', { authType: 'oauth2', credentials: { accessToken: 'ya29.a0-sarah-cal' } }, { authType: 'oauth2', credentials: { accessToken: 'ya29.revoked' } });
    expect(await run('google_calendar.list_calendars', { minAccessRole: 'writer' })).toEqual({
      calendars: [
        { id: 'sarah@acme.example', name: 'sarah@acme.example', primary: true, access_role: 'owner', time_zone: 'Europe/Paris' },
        { id: 'c_offsites@group.calendar.google.com', name: 'Offsites', primary: false, access_role: 'writer', time_zone: 'Europe/Paris' },
      ],
    });
    expect(last('google_calendar')).toMatchObject({ method: 'GET', path: '/calendar/v3/users/me/calendarList', query: { minAccessRole: 'writer' } });

    const input = {
      calendarId: 'c_offsites@group.calendar.google.com',
      summary: 'Offsite planning',
      location: 'Lyon',
      start: { dateTime: '2026-12-03T10:00:00', timeZone: 'Europe/Paris' },
      end: { dateTime: '2026-12-03T11:30:00+01:00' },
      attendees: [{ email: 'ann@example.com' }],
      sendUpdates: 'all',
    };
    const event = await run('google_calendar.create_event', input);
    const req = last('google_calendar');
    expect(req).toMatchObject({ method: 'POST', path: '/calendar/v3/calendars/c_offsites%40group.calendar.google.com/events', query: { sendUpdates: 'all' } });
    expect(req.body).toEqual({ summary: 'Offsite planning', location: 'Lyon', start: input.start, end: input.end, attendees: input.attendees });
    expect(event).toMatchObject({ summary: 'Offsite planning', status: 'confirmed', start: '2026-12-03T10:00:00', all_day: false, organizer: 'sarah@acme.example', attendees: [{ email: 'ann@example.com', response: 'needsAction' }] });
    expect(event.url).toMatch(/^https:\/\/www\.google\.com\/calendar\/event\?eid=/);

    const listed = await run('google_calendar.list_events', { timeMin: '2026-12-01T00:00:00Z', timeMax: '2027-01-01T00:00:00Z' });
    expect(last('google_calendar')).toMatchObject({ path: '/calendar/v3/calendars/primary/events', query: { timeMin: '2026-12-01T00:00:00Z', maxResults: '50', singleEvents: 'true', orderBy: 'startTime' } });
    expect(listed).toMatchObject({ calendar: 'sarah@acme.example', time_zone: 'Europe/Paris' });
    expect(listed.events).toMatchObject([
      { summary: 'Standup', start: '2026-12-01T09:00:00+01:00', all_day: false, meet_url: 'https://meet.google.com/abc-defg-hij', attendees: [{ response: 'accepted' }, { email: 'ann@example.com' }] },
      { summary: 'Company holiday', start: '2026-12-24', end: '2026-12-25', all_day: true },
    ]);

    await checkAuthAndTest('google_calendar', 'google_calendar.list_calendars', {});
    const backwards = { summary: 'Oops', start: { dateTime: '2026-12-03T11:00:00Z' }, end: { dateTime: '2026-12-03T10:00:00Z' } };
    expect(await fail('google_calendar.create_event', backwards)).toMatchObject({ code: 'UPSTREAM_ERROR', details: { status: 400 }, message: expect.stringContaining('The specified time range is empty.') });
    expect(await fail('google_calendar.create_event', { ...backwards, end: { dateTime: '2026-12-03T12:00:00Z' }, calendarId: 'en.french#holiday@group.v.calendar.google.com' })).toMatchObject({
      details: { status: 403 },
      message: expect.stringContaining('writer access'),
    });
  });
});

describe('HubSpot', () => {
  it('creates, lists and searches contacts; a duplicate email is a 409', async () => {
    w.fake.addToken('hubspot', 'pat-na1-sarah-0001', 'portal-1');
    await setUp('hubspot', '', { authType: 'bearer', credentials: { token: 'pat-na1-sarah-0001' } }, { authType: 'bearer', credentials: { token: 'pat-na1-revoked' } });
    const created = await run('hubspot.create_contact', { email: 'dana@example.com', firstname: 'Dana', lastname: 'Scully', company: 'FBI', properties: { jobtitle: 'Agent' } });
    expect(last('hubspot')).toMatchObject({ method: 'POST', path: '/crm/v3/objects/contacts', headers: { authorization: 'Bearer pat-na1-sarah-0001' } });
    expect(last('hubspot').body).toEqual({ properties: { jobtitle: 'Agent', email: 'dana@example.com', firstname: 'Dana', lastname: 'Scully', company: 'FBI' } });
    expect(created).toMatchObject({ id: expect.stringMatching(/^\d+$/), archived: false, properties: { email: 'dana@example.com', jobtitle: 'Agent', hs_object_id: created.id } });

    const first = await run('hubspot.list_contacts', { limit: 2, properties: ['email', 'jobtitle'] });
    expect(last('hubspot')).toMatchObject({ method: 'GET', query: { limit: '2', properties: 'email,jobtitle' } });
    expect(first.next_after).toBe('2');
    expect((first.contacts as { properties: object }[])[0]!.properties).toEqual({ email: 'ann@example.com', jobtitle: null, createdate: expect.any(String), hs_object_id: expect.any(String), lastmodifieddate: expect.any(String) });
    const second = await run('hubspot.list_contacts', { limit: 2, after: first.next_after, properties: ['email', 'jobtitle'] });
    expect(second).toMatchObject({ contacts: [{ id: created.id, properties: { jobtitle: 'Agent' } }], next_after: undefined });

    const found = await run('hubspot.search_contacts', { query: 'scully' });
    expect(last('hubspot')).toMatchObject({ method: 'POST', path: '/crm/v3/objects/contacts/search', body: { query: 'scully', limit: 10, properties: ['email', 'firstname', 'lastname', 'phone', 'company'] } });
    expect(found).toMatchObject({ total: 1, contacts: [{ id: created.id, properties: { company: 'FBI', phone: null } }] });

    await checkAuthAndTest('hubspot', 'hubspot.list_contacts', {});
    expect(await fail('hubspot.create_contact', { email: 'dana@example.com' })).toMatchObject({
      code: 'UPSTREAM_ERROR',
      details: { status: 409 },
      message: expect.stringContaining(`Contact already exists. Existing ID: ${String(created.id)}`),
    });
  });
});

describe('Salesforce', () => {
  it('queries (with parent fields and paging), creates and reads records', async () => {
    w.fake.addToken('salesforce', '00Dxx0000001gPL!AR8AQsarah', 'sarah@acme.example');
    await setUp('salesforce', '', { authType: 'bearer', credentials: { token: '00Dxx0000001gPL!AR8AQsarah' } }, { authType: 'oauth2', credentials: { accessToken: '00Dxx0000001gPL!expired' } });
    const q = "SELECT Id, Name, Industry FROM Account WHERE Name LIKE 'Acme%' ORDER BY Name LIMIT 20";
    const acme = await run('salesforce.query', { q });
    expect(last('salesforce')).toMatchObject({ method: 'GET', path: '/services/data/v60.0/query', query: { q }, headers: { authorization: 'Bearer 00Dxx0000001gPL!AR8AQsarah' } });
    expect(acme).toEqual({
      total_size: 2,
      done: true,
      records: [
        { type: 'Account', Id: expect.stringMatching(/^001\w{15}$/), Name: 'Acme Corporation', Industry: 'Manufacturing' },
        { type: 'Account', Id: expect.any(String), Name: 'Acme Labs', Industry: 'Technology' },
      ],
    });
    const acmeId = (acme.records as { Id: string }[])[0]!.Id;
    expect((await run('salesforce.query', { q: 'SELECT Name, Account.Name FROM Contact' })).records).toEqual([{ type: 'Contact', Name: 'Ann Lee', Account: { Name: 'Acme Corporation' } }]);

    salesforceOrg(w.fake).batchSize = 2;
    const page1 = await run('salesforce.query', { q: 'SELECT Id FROM Account' });
    expect(page1).toMatchObject({ total_size: 3, done: false, next_records_url: expect.stringMatching(/^\/services\/data\/v60\.0\/query\/[\w-]+-2$/) });
    const page2 = await run('salesforce.query', { next_records_url: page1.next_records_url });
    expect(last('salesforce')).toMatchObject({ path: page1.next_records_url, query: {} });
    expect(page2).toMatchObject({ done: true, records: [{ type: 'Account' }] });
    salesforceOrg(w.fake).batchSize = 2000;

    const fields = { FirstName: 'Dana', LastName: 'Scully', Email: 'dana@fbi.example', AccountId: acmeId };
    const created = await run('salesforce.create_record', { sobject: 'Contact', fields });
    expect(last('salesforce')).toMatchObject({ method: 'POST', path: '/services/data/v60.0/sobjects/Contact', body: fields });
    expect(created).toEqual({ id: expect.stringMatching(/^003\w{15}$/), success: true, errors: [] });
    const id15 = String(created.id).slice(0, 15);
    expect(await run('salesforce.get_record', { sobject: 'Contact', id: id15, fields: ['Name', 'Email'] })).toEqual({ type: 'Contact', Name: 'Dana Scully', Email: 'dana@fbi.example' });
    expect(last('salesforce')).toMatchObject({ path: `/services/data/v60.0/sobjects/Contact/${id15}`, query: { fields: 'Name,Email' } });

    await checkAuthAndTest('salesforce', 'salesforce.query', { q: 'SELECT Id FROM Account' });
    expect(last('salesforce').path).toBe('/services/data/v60.0/limits');
    expect(await fail('salesforce.query', { q: 'SELECT Id, Name FORM Account' })).toMatchObject({ code: 'UPSTREAM_ERROR', details: { status: 400 }, message: expect.stringContaining("unexpected token: 'FORM'") });
    expect(await fail('salesforce.create_record', { sobject: 'Contact', fields: { FirstName: 'X' } })).toMatchObject({ message: expect.stringContaining('Required fields are missing: [LastName]') });
  });
});

describe('Jira', () => {
  const gateway = '/ex/jira/11223344-a1b2-3b33-c444-def123456789';

  it('creates (ADF), searches, reads and comments on issues, with Basic and through the OAuth gateway', async () => {
    w.fake.addToken('jira', 'sarah@acme.com:ATATT3xFfGF0-sarah', 'sarah@acme.com');
    await setUp('jira', '', { authType: 'basic', credentials: { username: 'sarah@acme.com', password: 'ATATT3xFfGF0-sarah' } }, { authType: 'basic', credentials: { username: 'june@acme.com', password: 'wrong' } });
    const description = 'Steps:\n1. Add to cart\n2. Pay\n\nExpected: a receipt.';
    const created = await run('jira.create_issue', { project_key: 'PROJ', summary: 'Checkout fails on Safari', issue_type: 'Bug', description, labels: ['checkout', 'safari'] });
    const req = last('jira');
    expect(req).toMatchObject({ method: 'POST', path: '/rest/api/3/issue', headers: { authorization: `Basic ${Buffer.from('sarah@acme.com:ATATT3xFfGF0-sarah').toString('base64')}` } });
    const sent = (req.body as { fields: Record<string, unknown> }).fields;
    expect(sent).toMatchObject({ project: { key: 'PROJ' }, summary: 'Checkout fails on Safari', issuetype: { name: 'Bug' }, labels: ['checkout', 'safari'] });
    expect(isAdf(sent.description)).toBe(true);
    const t = (text: string) => ({ type: 'text', text });
    expect(sent.description).toEqual({
      type: 'doc',
      version: 1,
      content: [
        { type: 'paragraph', content: [t('Steps:'), { type: 'hardBreak' }, t('1. Add to cart'), { type: 'hardBreak' }, t('2. Pay')] },
        { type: 'paragraph', content: [t('Expected: a receipt.')] },
      ],
    });
    expect(created).toEqual({ id: '10003', key: 'PROJ-3', url: 'https://acme.atlassian.net/browse/PROJ-3' });

    const found = await run('jira.search_issues', { jql: 'project = PROJ AND status != Done ORDER BY created DESC', maxResults: 10, fields: ['labels'] });
    expect(last('jira')).toMatchObject({ method: 'GET', path: '/rest/api/3/search/jql', query: { maxResults: '10', fields: 'summary,status,issuetype,priority,assignee,created,updated,labels' } });
    expect(found).toMatchObject({ is_last: true, next_page_token: undefined, issues: [{ key: 'PROJ-3', status: 'To Do', issue_type: 'Bug', fields: { labels: ['checkout', 'safari'] } }, { key: 'PROJ-1', assignee: 'Ann' }] });

    expect(await run('jira.get_issue', { issue_key: 'PROJ-1' })).toMatchObject({
      key: 'PROJ-1',
      status: 'In Progress',
      project: 'PROJ',
      reporter: 'Ann',
      labels: ['ci'],
      description: 'Builds run on every push.\nAsk @Ann for access.\nlint\ntest',
      url: 'https://acme.atlassian.net/browse/PROJ-1',
    });
    const comment = await run('jira.add_comment', { issue_key: 'PROJ-3', body: 'Reproduced on iOS 18.\n\nLogs attached.' });
    expect(last('jira')).toMatchObject({ method: 'POST', path: '/rest/api/3/issue/PROJ-3/comment', body: { body: { type: 'doc', version: 1, content: [{ type: 'paragraph' }, { type: 'paragraph' }] } } });
    expect(comment).toEqual({ id: expect.any(String), author: 'Sarah', created: expect.any(String) });

    await checkAuthAndTest('jira', 'jira.get_issue', { issue_key: 'PROJ-1' });
    expect(last('jira').path).toBe('/rest/api/3/myself');
    // OAuth 2.0 goes through api.atlassian.com, which has no browse URL of its own.
    w.fake.addToken('jira', 'eyJ-june-jira-oauth', 'june@acme.com');
    await connect(w.june, catalog, { connectorId: 'jira', authType: 'oauth2', credentials: { accessToken: 'eyJ-june-jira-oauth' }, baseUrl: w.fake.baseUrl('jira') + gateway });
    expect(await run('jira.create_issue', { project_key: 'OPS', summary: 'Rotate keys' }, w.june)).toEqual({ id: '10004', key: 'OPS-1', url: undefined });
    expect(last('jira')).toMatchObject({ path: `${gateway}/rest/api/3/issue`, headers: { authorization: 'Bearer eyJ-june-jira-oauth' }, body: { fields: { issuetype: { name: 'Task' } } } });
  });

  it('maps a JQL error to UPSTREAM_ERROR', async () => {
    expect(await fail('jira.search_issues', { jql: 'project = NOPE' })).toMatchObject({ code: 'UPSTREAM_ERROR', details: { status: 400 } });
    expect(await fail('jira.create_issue', { project_key: 'OPS', summary: 'Story', issue_type: 'Story' })).toMatchObject({ code: 'UPSTREAM_ERROR', details: { status: 400 } });
  });

  // Known gap: the router's error text reads `message` / `error` / `errors[0].message`, not
  // Jira's {errorMessages: [...], errors: {field: text}}, so Jira's reason is lost. Flip to `it` once fixed.
  it("names Jira's reason in the error", async () => {
    expect(await fail('jira.search_issues', { jql: 'project = NOPE' })).toMatchObject({ message: expect.stringContaining("The value 'NOPE' does not exist for the field 'project'.") });
  });
});

describe('Linear', () => {
  it('sends API keys bare and OAuth tokens as Bearer; lists teams and issues and creates one', async () => {
    w.fake.addToken('linear', 'lin_api_sarah000000000000000000000001', 'Sarah Connor');
    await setUp('linear', '', { authType: 'api_key', credentials: { apiKey: 'lin_api_sarah000000000000000000000001' } }, { authType: 'api_key', credentials: { apiKey: 'lin_api_revoked0000000000000000000000' } });
    const teams = await run('linear.list_teams', {});
    const req = last('linear');
    expect(req).toMatchObject({ method: 'POST', path: '/graphql', headers: { authorization: 'lin_api_sarah000000000000000000000001' } });
    expect(req.body).toEqual({ query: expect.stringContaining('teams(first: $first, after: $after)'), variables: { first: 50 } });
    expect(teams).toEqual({ teams: [{ id: expect.any(String), key: 'ENG', name: 'Engineering' }, { id: expect.any(String), key: 'DES', name: 'Design' }] });
    const eng = (teams.teams as { id: string }[])[0]!.id;

    const created = await run('linear.create_issue', { teamId: eng, title: 'Crash on launch', description: '**Steps**: open the app', priority: 1 });
    expect((last('linear').body as { variables: unknown }).variables).toEqual({ input: { teamId: eng, title: 'Crash on launch', description: '**Steps**: open the app', priority: 1 } });
    expect(created).toEqual({ success: true, id: expect.any(String), identifier: 'ENG-2', title: 'Crash on launch', url: 'https://linear.app/acme/issue/ENG-2/crash-on-launch' });

    const page1 = await run('linear.list_issues', { teamId: eng, first: 1 });
    expect((last('linear').body as { variables: unknown }).variables).toEqual({ first: 1, filter: { team: { id: { eq: eng } } } });
    expect(page1).toMatchObject({ issues: [{ identifier: 'ENG-2', state: 'Todo', assignee: null, team: 'ENG', priority: 1 }], next_cursor: created.id });
    const page2 = await run('linear.list_issues', { teamId: eng, first: 1, after: page1.next_cursor });
    expect(page2).toEqual({ issues: [expect.objectContaining({ identifier: 'ENG-1', title: 'Flaky login test', state: 'In Progress', assignee: 'Ann Lee' })], next_cursor: undefined });

    await checkAuthAndTest('linear', 'linear.list_teams', {});
    expect(last('linear').body).toEqual({ query: '{ viewer { id } }' });
    // An API key sent as Bearer is refused; an OAuth token is expected as Bearer.
    await connect(w.june, catalog, { connectorId: 'linear', authType: 'oauth2', credentials: { accessToken: 'lin_api_sarah000000000000000000000001' }, baseUrl: w.fake.baseUrl('linear') });
    expect(await fail('linear.list_teams', {}, w.june)).toMatchObject({ code: 'AUTH_REQUIRED' });
    w.fake.addToken('linear', 'lin_oauth_june00000000000000000000001', 'June Osborne');
    await connect(w.june, catalog, { connectorId: 'linear', authType: 'oauth2', credentials: { accessToken: 'lin_oauth_june00000000000000000000001' }, baseUrl: w.fake.baseUrl('linear') });
    expect(await run('linear.list_teams', { first: 1 }, w.june)).toMatchObject({ teams: [{ key: 'ENG' }], next_cursor: eng });
    expect(last('linear').headers.authorization).toBe('Bearer lin_oauth_june00000000000000000000001');
  });

  it('reports a GraphQL error inside an HTTP 200 as UPSTREAM_ERROR', async () => {
    expect(await fail('linear.create_issue', { teamId: 'no-such-team', title: 'x' })).toMatchObject({ code: 'UPSTREAM_ERROR', details: { status: 200 }, message: 'Linear answered: Could not find referenced Team.' });
  });
});

describe('Outlook', () => {
  it('sends mail (202, no body), lists messages and events with OData options', async () => {
    w.fake.addToken('outlook', 'eyJ0eXAiOiJKV1Qi.eyJhdWQiOi-sarah.sig', 'sarah@contoso.example');
    await setUp('outlook', '/v1.0', { authType: 'bearer', credentials: { token: 'eyJ0eXAiOiJKV1Qi.eyJhdWQiOi-sarah.sig' } }, { authType: 'oauth2', credentials: { accessToken: 'eyJ0eXAiOiJKV1Qi.expired.sig' } });
    expect(await run('outlook.send_mail', { to: ['ann@contoso.example'], cc: ['bob@contoso.example'], subject: 'Q4 plan', body: '<p>Draft attached</p>', content_type: 'HTML' })).toEqual({ sent: true, to: ['ann@contoso.example'] });
    expect(last('outlook')).toMatchObject({ method: 'POST', path: '/v1.0/me/sendMail', headers: { authorization: 'Bearer eyJ0eXAiOiJKV1Qi.eyJhdWQiOi-sarah.sig' } });
    expect(last('outlook').body).toEqual({
      message: { subject: 'Q4 plan', body: { contentType: 'HTML', content: '<p>Draft attached</p>' }, toRecipients: [{ emailAddress: { address: 'ann@contoso.example' } }], ccRecipients: [{ emailAddress: { address: 'bob@contoso.example' } }] },
      saveToSentItems: true,
    });

    const newest = await run('outlook.list_messages', { top: 2, select: 'subject,isRead' });
    expect(last('outlook').query).toEqual({ $top: '2', $select: 'subject,isRead' });
    expect(newest).toEqual({ messages: [expect.objectContaining({ subject: 'Q4 plan', is_read: true, from: undefined }), expect.objectContaining({ subject: 'Contract renewal', is_read: false })], next_skip: 2 });
    const unread = await run('outlook.list_messages', { filter: 'isRead eq false' });
    expect(last('outlook').query).toMatchObject({ $filter: 'isRead eq false', $select: expect.stringContaining('receivedDateTime') });
    expect(unread.messages).toEqual([expect.objectContaining({ subject: 'Contract renewal', from: 'legal@fabrikam.example', importance: 'high', url: expect.stringMatching(/^https:\/\/outlook\.office365\.com\//) })]);
    const hit = await run('outlook.list_messages', { search: 'from:contoso.example', top: 1 });
    expect(last('outlook').query).toMatchObject({ $search: '"from:contoso.example"', $top: '1' });
    expect(hit).toMatchObject({ messages: [{ subject: 'Q4 plan' }], next_skiptoken: expect.any(String) });
    expect(await run('outlook.list_messages', { search: 'from:contoso.example', top: 1, skiptoken: hit.next_skiptoken })).toMatchObject({ messages: [{ subject: 'Team photos' }] });

    const events = await run('outlook.list_events', { top: 5, orderby: 'start/dateTime desc', time_zone: 'Europe/Paris' });
    expect(last('outlook')).toMatchObject({ path: '/v1.0/me/events', headers: { prefer: 'outlook.timezone="Europe/Paris"' }, query: { $top: '5', $orderby: 'start/dateTime desc' } });
    expect(events.events).toEqual([
      expect.objectContaining({ subject: 'Offsite', all_day: true, start: '2026-12-10T00:00:00.0000000', time_zone: 'UTC' }),
      expect.objectContaining({
        subject: 'Design review',
        start: '2026-12-02T15:00:00.0000000',
        time_zone: 'Europe/Paris',
        location: 'Room 4',
        organizer: 'sarah@contoso.example',
        attendees: [{ email: 'ann@contoso.example', response: 'accepted' }],
        online_meeting_url: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc',
      }),
    ]);

    await checkAuthAndTest('outlook', 'outlook.list_messages', {});
    expect(last('outlook').path).toBe('/v1.0/me');
    expect(await fail('outlook.list_messages', { filter: 'nope eq 1' })).toMatchObject({ code: 'UPSTREAM_ERROR', details: { status: 400 }, message: expect.stringContaining("Could not find a property named 'nope'") });
  });
});

it('ran every action of the seven connectors', () => {
  const all = catalog.actions().filter((a) => CONNECTORS.includes(a.connector.id)).map((a) => a.id);
  expect(all.filter((id) => !ran.has(id))).toEqual([]);
  expect(all).toHaveLength(22);
});
