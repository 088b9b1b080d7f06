/**
 * HubSpot CRM API v3: contacts, companies and deals. https://developers.hubspot.com/docs/api/crm/understanding-the-crm
 * Checked against HubSpot/HubSpot-public-api-spec-collection (HEAD 99893791)
 * PublicApiSpecs/CRM/{Contacts,Companies,Deals}/Rollouts/424/v3/*.json (info.version v3) and, for
 * sign-in, PublicApiSpecs/Auth/Oauth/Rollouts/279897/2026-03/oauth.json (POST /oauth/2026-03/token,
 * form body; the v1 token endpoint goes on 2027-02-16). A create must send `associations` (the
 * spec requires it, [] when there are none); a search must send `filterGroups`, `sorts`, `after`,
 * `limit` and `properties`. Rate limits: a 429 with Retry-After (the plain rule).
 */
import { defineConnector, signInScopes, type ActionDefinition, type Input } from '../../definition.js';
import { INTEGER, page } from '../../output-schema.js';
import { commonActions, CURSOR, EXTRA_PROPERTIES, OBJECT, OBJECT_ID, properties, propertyNames, scopes, summary, listPage, type ObjectType } from './objects.js';

/** HubSpot-defined association type ids (associations v4 docs): contact→company 279, deal→contact 3, deal→company 5. */
const ASSOCIATION = { contactToCompany: 279, dealToContact: 3, dealToCompany: 5 };

function association(ids: unknown, typeId: number) {
  return ((ids as string[] | undefined) ?? []).map((id) => ({ to: { id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: typeId }] }));
}

/** A create request: named fields and `properties` together, and the associations (required, [] when none). */
function createBody(input: Input, named: string[], associations: object[]) {
  const props: Record<string, string> = { ...(input.properties as Record<string, string> | undefined) };
  for (const name of named) if (input[name] !== undefined) props[name] = String(input[name]);
  return { properties: props, associations };
}

function create(type: ObjectType, one: string, description: string, fields: Record<string, object>, required: string[], associations: (input: Input) => object[], extra: Record<string, object> = {}): ActionDefinition {
  const path = `/crm/v3/objects/${type}`;
  return {
    id: `create_${one}`,
    title: `Create ${one}`,
    description,
    kind: 'write',
    destructive: false,
    docs: `https://developers.hubspot.com/docs/api/crm/${type}`,
    scopes: scopes(type, 'write'),
    input: { type: 'object', properties: { ...fields, ...extra, properties: EXTRA_PROPERTIES }, ...(required.length ? { required } : { minProperties: 1 }), additionalProperties: false },
    outputSchema: OBJECT,
    request: { method: 'POST', path, build: (input) => ({ method: 'POST', path, body: { type: 'json', value: createBody(input, Object.keys(fields), associations(input)) } }) },
    output: (body) => summary(body as Parameters<typeof summary>[0]),
  };
}

const text = (maxLength: number, description?: string) => ({ type: 'string', minLength: 1, maxLength, ...(description ? { description } : {}) });
const IDS = (what: string) => ({ type: 'array', maxItems: 50, items: OBJECT_ID, description: `Ids of ${what} to associate it with.` });

const actions: ActionDefinition[] = [
  create(
    'contacts',
    'contact',
    'Create a contact. Give at least one of email, firstname or lastname (email is recommended: HubSpot uses it to prevent duplicates and refuses a second contact with the same email, 409). Other properties go in `properties` by internal name, e.g. {"jobtitle": "CTO"}; `company_ids` associates it with companies. Returns the contact id and its properties.',
    { email: { type: 'string', format: 'email', maxLength: 254 }, firstname: text(255), lastname: text(255), phone: text(50), company: text(255, 'Company name (text; use company_ids to associate a company record).') },
    [],
    (input) => association(input.company_ids, ASSOCIATION.contactToCompany),
    { company_ids: IDS('companies') },
  ),
  ...commonActions('contacts', 'contact'),
  {
    id: 'update_contact',
    title: 'Update contact',
    description: 'Change properties of a contact (only those given; "" clears one), e.g. {"lifecyclestage": "customer", "phone": "+1 555 0100"}. `id_property` "email" finds it by email. Returns the contact as it now is.',
    kind: 'write',
    destructive: true,
    idempotent: true,
    docs: 'https://developers.hubspot.com/docs/api/crm/contacts',
    scopes: scopes('contacts', 'write'),
    input: {
      type: 'object',
      properties: { id: { type: 'string', minLength: 1, maxLength: 254, description: 'The contact id, or an email with id_property "email".' }, id_property: { type: 'string', enum: ['email'] }, properties: { ...EXTRA_PROPERTIES, minProperties: 1 } },
      required: ['id', 'properties'],
      additionalProperties: false,
    },
    outputSchema: OBJECT,
    request: {
      method: 'PATCH',
      path: '/crm/v3/objects/contacts/{id}',
      build: (input) => ({ method: 'PATCH', path: `/crm/v3/objects/contacts/${encodeURIComponent(input.id as string)}`, query: { idProperty: input.id_property as string | undefined }, body: { type: 'json', value: { properties: input.properties } } }),
    },
    output: (body) => summary(body as Parameters<typeof summary>[0]),
  },
  {
    id: 'search_contacts',
    title: 'Search contacts',
    description:
      'Find contacts whose default searchable properties (name, email, phone, company…) contain the words of `query`, e.g. "ann@example.com" or "Smith". Returns the total count, the matching contacts with their properties, and `next_cursor`. Newly created contacts can take a few seconds to become searchable.',
    kind: 'read',
    docs: 'https://developers.hubspot.com/docs/api/crm/search',
    scopes: scopes('contacts', 'read'),
    input: {
      type: 'object',
      properties: {
        query: { type: 'string', minLength: 1, maxLength: 3000, description: 'Text to search for.' },
        limit: { type: 'integer', minimum: 1, maximum: 200, default: 10, description: 'How many contacts (at most 200).' },
        cursor: CURSOR,
        properties: propertyNames('contacts'),
      },
      required: ['query'],
      additionalProperties: false,
    },
    outputSchema: page('contacts', OBJECT, { total: INTEGER }, ['total']),
    request: {
      method: 'POST',
      path: '/crm/v3/objects/contacts/search',
      build: (input) => ({
        method: 'POST',
        path: '/crm/v3/objects/contacts/search',
        // Every field the spec requires; a first page starts "after" 0.
        body: { type: 'json', value: { query: input.query, filterGroups: [], sorts: [], after: (input.cursor as string | undefined) ?? '0', limit: (input.limit as number | undefined) ?? 10, properties: properties('contacts', input) } },
      }),
    },
    output: (body) => ({ total: 0, ...listPage('contacts')(body) }),
  },
  ...commonActions('companies', 'company'),
  create(
    'companies',
    'company',
    'Create a company. `name` and `domain` (e.g. "acme.com") are the usual properties; others go in `properties` by internal name. HubSpot does not deduplicate companies created through the API. Returns the company id and its properties.',
    { name: text(255), domain: { type: 'string', minLength: 1, maxLength: 253, pattern: '^[A-Za-z0-9.-]+$' }, industry: text(100), city: text(100) },
    [],
    () => [],
  ),
  ...commonActions('deals', 'deal'),
  create(
    'deals',
    'deal',
    'Create a deal. Needs `dealname`; `pipeline` ("default") and `dealstage` (e.g. "appointmentscheduled") place it; `amount` and `closedate` (ISO date) are optional. `contact_ids` and `company_ids` associate it. Returns the deal id and its properties.',
    {
      dealname: text(255),
      amount: { type: 'string', maxLength: 30, pattern: '^-?[0-9]+(\\.[0-9]+)?$', description: 'The amount, e.g. "1500.00".' },
      pipeline: text(100),
      dealstage: text(100),
      closedate: { type: 'string', maxLength: 40, pattern: '^\\d{4}-\\d{2}-\\d{2}', description: 'Close date, e.g. "2025-06-30".' },
    },
    ['dealname'],
    (input) => [...association(input.contact_ids, ASSOCIATION.dealToContact), ...association(input.company_ids, ASSOCIATION.dealToCompany)],
    { contact_ids: IDS('contacts'), company_ids: IDS('companies') },
  ),
];

export const hubspot = defineConnector({
  id: 'hubspot',
  name: 'HubSpot',
  icon: 'hubspot',
  category: 'crm',
  description: 'Create, read, update and search contacts, and list, read and create companies and deals in HubSpot CRM.',
  baseUrl: 'https://api.hubapi.com',
  auth: [
    { type: 'bearer', label: 'Private app access token (pat-…)' },
    {
      type: 'oauth2',
      authorizeUrl: 'https://app.hubspot.com/oauth/authorize',
      tokenUrl: 'https://api.hubapi.com/oauth/2026-03/token',
      baseScopes: ['oauth'],
      scopes: signInScopes(['oauth'], actions),
      scopeSeparator: ' ',
      clientSecret: 'required',
    },
  ],
  // https://developers.hubspot.com/docs/api/crm/contacts
  test: { method: 'GET', path: '/crm/v3/objects/contacts', query: { limit: '1' } },
  actions,
});
