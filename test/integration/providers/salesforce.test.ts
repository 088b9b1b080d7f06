// Salesforce against its fake, per the REST API Developer Guide (v60.0 paths): SOQL with paging by
// the whole nextRecordsUrl, records created, read and updated (204), objects described.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { salesforceOrg } from '../../fixtures/fake-saas/salesforce.js';
import { providerWorld, type ProviderWorld } from './provider-helpers.js';

let p: ProviderWorld;
beforeAll(async () => {
  p = await providerWorld('salesforce');
  p.w.fake.addToken('salesforce', '00Dxx0000001gPL!AR8AQsarah', 'sarah@acme.example');
  await p.setUp('', { authType: 'bearer', credentials: { token: '00Dxx0000001gPL!AR8AQsarah' } }, { authType: 'oauth2', credentials: { accessToken: '00Dxx0000001gPL!expired' } });
});
afterAll(async () => p.close());

describe('Salesforce', () => {
  it('queries with parent fields, and pages by following nextRecordsUrl', async () => {
    const q = "SELECT Id, Name, Industry FROM Account WHERE Name LIKE 'Acme%' ORDER BY Name LIMIT 20";
    const acme = await p.run('salesforce.query', { q });
    expect(p.last()).toMatchObject({ method: 'GET', path: '/services/data/v60.0/query', query: { q } });
    expect(acme).toEqual({
      total_size: 2,
      done: true,
      records: [
        { type: 'Account', Id: expect.stringMatching(/^001\w{15}$/), Name: 'Acme Corporation', Industry: 'Manufacturing' },
        { type: 'Account', Id: expect.any(String), Name: 'Acme Labs', Industry: 'Technology' },
      ],
      next_cursor: null,
    });
    expect((await p.run('salesforce.query', { q: 'SELECT Name, Account.Name FROM Contact' })).records).toEqual([{ type: 'Contact', Name: 'Ann Lee', Account: { Name: 'Acme Corporation' } }]);
    salesforceOrg(p.w.fake).batchSize = 2;
    const page1 = await p.run('salesforce.query', { q: 'SELECT Id FROM Account' });
    expect(page1).toMatchObject({ total_size: 3, done: false, next_cursor: expect.stringMatching(/^\/services\/data\/v60\.0\/query\/[\w-]+-2$/) });
    expect(await p.run('salesforce.query', { cursor: page1.next_cursor })).toMatchObject({ done: true, records: [{ type: 'Account' }], next_cursor: null });
    expect(p.last()).toMatchObject({ path: page1.next_cursor, query: {} });
    salesforceOrg(p.w.fake).batchSize = 2000;
    expect(await p.fail('salesforce.query', { cursor: '/services/data/v60.0/query/01gDn0000099999IAW-2' })).toMatchObject({ details: { status: 400 }, message: expect.stringContaining('invalid query locator') });
    expect(await p.fail('salesforce.query', { q: 'SELECT Id, Name FORM Account' })).toMatchObject({ code: 'UPSTREAM_ERROR', details: { status: 400 }, message: expect.stringContaining("unexpected token: 'FORM'") });
  });

  it('creates, reads and updates a record, and describes its object', async () => {
    const acmeId = ((await p.run('salesforce.query', { q: "SELECT Id FROM Account WHERE Name = 'Acme Corporation'" })).records as { Id: string }[])[0]!.Id;
    const fields = { FirstName: 'Dana', LastName: 'Scully', Email: 'dana@fbi.example', AccountId: acmeId };
    const created = await p.run('salesforce.create_record', { sobject: 'Contact', fields });
    expect(p.last()).toMatchObject({ method: 'POST', path: '/services/data/v60.0/sobjects/Contact', body: fields });
    expect(created).toEqual({ id: expect.stringMatching(/^003\w{15}$/), success: true, errors: [] });
    const id15 = String(created.id).slice(0, 15);
    expect(await p.run('salesforce.get_record', { sobject: 'Contact', id: id15, fields: ['Name', 'Email'] })).toEqual({ type: 'Contact', Name: 'Dana Scully', Email: 'dana@fbi.example' });
    expect(await p.run('salesforce.update_record', { sobject: 'Contact', id: String(created.id), fields: { Email: 'dana@x-files.example', Title: null } })).toEqual({ id: created.id, updated: true });
    expect(p.last()).toMatchObject({ method: 'PATCH', path: `/services/data/v60.0/sobjects/Contact/${String(created.id)}`, body: { Email: 'dana@x-files.example', Title: null } });
    expect(await p.run('salesforce.get_record', { sobject: 'Contact', id: id15, fields: ['Email'] })).toMatchObject({ Email: 'dana@x-files.example' });
    expect(await p.fail('salesforce.update_record', { sobject: 'Contact', id: String(created.id), fields: { LastName: null } })).toMatchObject({ message: expect.stringContaining('Required fields are missing: [LastName]') });
    const lead = await p.run('salesforce.describe_object', { sobject: 'Lead' });
    expect(lead).toMatchObject({ name: 'Lead', key_prefix: '00Q', createable: true });
    expect((lead.fields as { name: string; required: boolean }[]).filter((f) => f.required).map((f) => f.name)).toEqual(['LastName', 'Company']);
    expect((lead.fields as { name: string; picklist_values?: string[] }[]).find((f) => f.name === 'Status')!.picklist_values).toEqual(['Open - Not Contacted', 'Closed - Converted']);
    expect(await p.fail('salesforce.create_record', { sobject: 'Contact', fields: { FirstName: 'X' } })).toMatchObject({ message: expect.stringContaining('Required fields are missing: [LastName]') });
  });

  it('refuses an expired session, tests the connection with the versions resource, and ran every action', async () => {
    await p.checkAuthAndTest('salesforce.query', { q: 'SELECT Id FROM Account' });
    expect(p.last().path).toBe('/services/data/v60.0/');
    expect(p.last().headers.authorization).toBe('Bearer 00Dxx0000001gPL!AR8AQsarah');
    p.expectAllRan();
  });
});
