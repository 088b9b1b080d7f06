// HubSpot against its fake, rebuilt from HubSpot-public-api-spec-collection CRM v3 (contacts,
// companies, deals): creates with `associations`, searches with every required field, paging by
// paging.next.after, MISSING_SCOPES, HubSpot's 409 and 404.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../../src/engine/index.js';
import { hubspotRecords } from '../../fixtures/fake-saas/hubspot.js';
import { catalog, providerWorld, type ProviderWorld } from './provider-helpers.js';

let p: ProviderWorld;
beforeAll(async () => {
  p = await providerWorld('hubspot');
  p.w.fake.addToken('hubspot', 'pat-na1-sarah-0001', 'portal-1');
  await p.setUp('', { authType: 'bearer', credentials: { token: 'pat-na1-sarah-0001' } }, { authType: 'bearer', credentials: { token: 'pat-na1-revoked' } });
});
afterAll(async () => p.close());

describe('HubSpot', () => {
  it('creates a contact (with associations), reads, updates, lists and searches contacts', async () => {
    const companies = await p.run('hubspot.list_companies', {});
    const companyId = (companies.companies as { id: string }[])[0]!.id;
    const created = await p.run('hubspot.create_contact', { email: 'dana@example.com', firstname: 'Dana', lastname: 'Scully', properties: { jobtitle: 'Agent' }, company_ids: [companyId] });
    expect(p.last()).toMatchObject({ method: 'POST', path: '/crm/v3/objects/contacts', headers: { authorization: 'Bearer pat-na1-sarah-0001' } });
    expect(p.last().body).toEqual({
      properties: { jobtitle: 'Agent', email: 'dana@example.com', firstname: 'Dana', lastname: 'Scully' },
      associations: [{ to: { id: companyId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 279 }] }],
    });
    expect(created).toMatchObject({ id: expect.stringMatching(/^\d+$/), archived: false, properties: { email: 'dana@example.com', hs_object_id: created.id } });
    expect(await p.run('hubspot.get_contact', { id: 'dana@example.com', id_property: 'email', properties: ['jobtitle'] })).toMatchObject({ id: created.id, properties: { jobtitle: 'Agent' } });
    expect(p.last().query).toEqual({ properties: 'jobtitle', idProperty: 'email' });
    const updated = await p.run('hubspot.update_contact', { id: String(created.id), properties: { lifecyclestage: 'customer' } });
    expect(p.last()).toMatchObject({ method: 'PATCH', path: `/crm/v3/objects/contacts/${String(created.id)}`, body: { properties: { lifecyclestage: 'customer' } } });
    expect(updated).toMatchObject({ properties: { lifecyclestage: 'customer' } });

    const first = await p.run('hubspot.list_contacts', { limit: 2, properties: ['email', 'jobtitle'] });
    expect(p.last()).toMatchObject({ method: 'GET', query: { limit: '2', properties: 'email,jobtitle' } });
    expect(first.next_cursor).toBe('2');
    expect(await p.run('hubspot.list_contacts', { limit: 2, cursor: first.next_cursor, properties: ['email', 'jobtitle'] })).toMatchObject({ contacts: [{ id: created.id, properties: { jobtitle: 'Agent' } }], next_cursor: null });

    const found = await p.run('hubspot.search_contacts', { query: 'scully' });
    expect(p.last()).toMatchObject({ method: 'POST', path: '/crm/v3/objects/contacts/search', body: { query: 'scully', filterGroups: [], sorts: [], after: '0', limit: 10, properties: ['email', 'firstname', 'lastname', 'phone', 'company'] } });
    expect(found).toMatchObject({ total: 1, contacts: [{ id: created.id, properties: { company: null } }], next_cursor: null });
    expect(await p.fail('hubspot.create_contact', { email: 'dana@example.com' })).toMatchObject({ code: 'UPSTREAM_ERROR', details: { status: 409 }, message: expect.stringContaining(`Contact already exists. Existing ID: ${String(created.id)}`) });
    expect(await p.fail('hubspot.list_contacts', { cursor: 'abc' })).toMatchObject({ details: { status: 400 } });
  });

  it('lists, reads and creates companies and deals; deals answer by their type id too', async () => {
    const company = await p.run('hubspot.create_company', { name: 'Fabrikam', domain: 'fabrikam.example' });
    expect(p.last().body).toEqual({ properties: { name: 'Fabrikam', domain: 'fabrikam.example' }, associations: [] });
    expect(await p.run('hubspot.get_company', { id: String(company.id) })).toMatchObject({ properties: { name: 'Fabrikam', domain: 'fabrikam.example' } });
    const contact = (hubspotRecords(p.w.fake).find((r) => r.type === 'contacts' && r.portal === 'portal-1'))!.id;
    const deal = await p.run('hubspot.create_deal', { dealname: 'Fabrikam pilot', amount: '1500.00', pipeline: 'default', dealstage: 'appointmentscheduled', contact_ids: [contact], company_ids: [String(company.id)] });
    expect((p.last().body as { associations: unknown[] }).associations).toEqual([
      { to: { id: contact }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 3 }] },
      { to: { id: company.id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 5 }] },
    ]);
    expect(await p.run('hubspot.get_deal', { id: String(deal.id) })).toMatchObject({ properties: { dealname: 'Fabrikam pilot', amount: '1500.00' } });
    expect((await p.run('hubspot.list_deals', {})).deals).toHaveLength(2);
    expect(hubspotRecords(p.w.fake).find((r) => r.id === deal.id)!.associations).toEqual([{ to: contact, typeId: 3 }, { to: company.id, typeId: 5 }]);
    expect(await p.fail('hubspot.get_deal', { id: '999999' })).toMatchObject({ details: { status: 404 } });
  });

  it('a token without a scope gets MISSING_SCOPES naming it', async () => {
    p.w.fake.addToken('hubspot', 'pat-na1-contacts-only', 'portal-1', ['crm.objects.contacts.read']);
    await connect(p.w.june, catalog, { connectorId: 'hubspot', authType: 'bearer', credentials: { token: 'pat-na1-contacts-only' }, baseUrl: p.w.fake.baseUrl('hubspot') });
    expect(await p.run('hubspot.list_contacts', {}, p.w.june)).toMatchObject({ contacts: expect.any(Array) });
    expect(await p.fail('hubspot.list_deals', {}, p.w.june)).toMatchObject({ details: { status: 403 }, message: expect.stringContaining('required scopes') });
    p.w.fake.tokens.delete('pat-na1-contacts-only');
  });

  it('refuses a revoked token, tests the connection, and ran every action', async () => {
    await p.checkAuthAndTest('hubspot.list_contacts', {});
    p.expectAllRan();
  });
});
