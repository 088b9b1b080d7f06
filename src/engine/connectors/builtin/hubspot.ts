/**
 * HubSpot CRM API v3, contacts. https://developers.hubspot.com/docs/api/crm/contacts
 * Contact fields are "properties" sent and returned as strings under `properties`.
 */
import { defineConnector, type BuiltRequest, type Input } from '../definition.js';

const PROPERTY_NAME = '^[a-z0-9_]{1,100}$';
const PROPERTY_NAMES = {
  type: 'array',
  maxItems: 100,
  items: { type: 'string', minLength: 1, maxLength: 100, pattern: PROPERTY_NAME },
  description: 'Property names to return (default email, firstname, lastname, phone, company), e.g. ["email", "jobtitle", "lifecyclestage"].',
} as const;

/** What list and search return when no property is asked for: HubSpot's defaults plus the usual contact details. */
const DEFAULT_PROPERTIES = ['email', 'firstname', 'lastname', 'phone', 'company'];

interface HubspotContact {
  id: string;
  properties?: Record<string, string | null>;
  createdAt?: string;
  updatedAt?: string;
  archived?: boolean;
}

function contactSummary(c: HubspotContact) {
  return { id: c.id, properties: c.properties ?? {}, created_at: c.createdAt, updated_at: c.updatedAt, archived: c.archived ?? false };
}

function contactPage(body: unknown) {
  const b = body as { total?: number; results?: HubspotContact[]; paging?: { next?: { after?: string } } };
  return {
    ...(b.total !== undefined ? { total: b.total } : {}),
    contacts: (b.results ?? []).map(contactSummary),
    next_after: b.paging?.next?.after,
  };
}

function properties(input: Input): string[] {
  return (input.properties as string[] | undefined) ?? DEFAULT_PROPERTIES;
}

export const hubspot = defineConnector({
  id: 'hubspot',
  name: 'HubSpot',
  icon: '🧲',
  category: 'crm',
  description: 'Create, list and search contacts in HubSpot CRM.',
  baseUrl: 'https://api.hubapi.com',
  auth: [
    { type: 'bearer', label: 'Private app access token (pat-…)' },
    {
      type: 'oauth2',
      authorizeUrl: 'https://app.hubspot.com/oauth/authorize',
      tokenUrl: 'https://api.hubapi.com/oauth/v1/token',
      scopes: ['crm.objects.contacts.read', 'crm.objects.contacts.write'],
      scopeSeparator: ' ',
      clientSecret: 'required',
    },
  ],
  // https://developers.hubspot.com/docs/api/crm/contacts
  test: { method: 'GET', path: '/crm/v3/objects/contacts', query: { limit: '1' } },
  actions: [
    {
      id: 'create_contact',
      title: 'Create contact',
      description:
        'Create a contact. Give at least one of email, firstname or lastname (email is recommended: HubSpot uses it to prevent duplicates and refuses a second contact with the same email, 409). Other contact properties go in `properties` by internal name, e.g. {"jobtitle": "CTO"}. Returns the contact id and its properties.',
      kind: 'write',
      docs: 'https://developers.hubspot.com/docs/api/crm/contacts',
      input: {
        type: 'object',
        properties: {
          email: { type: 'string', format: 'email', maxLength: 254 },
          firstname: { type: 'string', minLength: 1, maxLength: 255 },
          lastname: { type: 'string', minLength: 1, maxLength: 255 },
          phone: { type: 'string', minLength: 1, maxLength: 50 },
          company: { type: 'string', minLength: 1, maxLength: 255, description: 'Company name (text; this does not associate a company record).' },
          properties: {
            type: 'object',
            maxProperties: 100,
            propertyNames: { pattern: PROPERTY_NAME },
            additionalProperties: { type: 'string', maxLength: 65536 },
            description: 'More contact properties by internal name, e.g. {"jobtitle": "CTO", "lifecyclestage": "lead"}.',
          },
        },
        minProperties: 1,
        additionalProperties: false,
      },
      request: {
        method: 'POST',
        path: '/crm/v3/objects/contacts',
        build: (input) => {
          const { properties: extra, ...named } = input;
          return {
            method: 'POST',
            path: '/crm/v3/objects/contacts',
            body: { type: 'json', value: { properties: { ...(extra as Record<string, string> | undefined), ...named } } },
          };
        },
      },
      output: (body) => contactSummary(body as HubspotContact),
    },
    {
      id: 'list_contacts',
      title: 'List contacts',
      description:
        'List contacts, oldest first, with email, first and last name, phone and company (or the `properties` you name). Page with `after` from the previous answer\'s `next_after`. To find particular contacts use search_contacts.',
      kind: 'read',
      docs: 'https://developers.hubspot.com/docs/api/crm/contacts',
      input: {
        type: 'object',
        properties: {
          limit: { type: 'integer', minimum: 1, maximum: 100, default: 10, description: 'How many contacts (at most 100).' },
          after: { type: 'string', maxLength: 200, description: 'The next_after of a previous page.' },
          properties: PROPERTY_NAMES,
          archived: { type: 'boolean', description: 'List archived contacts instead.' },
        },
        additionalProperties: false,
      },
      request: {
        method: 'GET',
        path: '/crm/v3/objects/contacts',
        // HubSpot takes `properties` as one comma-separated value.
        build: (input): BuiltRequest => ({
          method: 'GET',
          path: '/crm/v3/objects/contacts',
          query: {
            limit: input.limit as number | undefined,
            after: input.after as string | undefined,
            properties: properties(input).join(','),
            archived: input.archived as boolean | undefined,
          },
        }),
      },
      output: contactPage,
    },
    {
      id: 'search_contacts',
      title: 'Search contacts',
      description:
        'Find contacts whose default searchable properties (name, email, phone, company…) contain the words of `query`, e.g. "ann@example.com" or "Smith". Returns the total count, the matching contacts with their properties, and `next_after` for the next page. Newly created contacts can take a few seconds to become searchable.',
      kind: 'read',
      docs: 'https://developers.hubspot.com/docs/api/crm/search',
      input: {
        type: 'object',
        properties: {
          query: { type: 'string', minLength: 1, maxLength: 3000, description: 'Text to search for.' },
          limit: { type: 'integer', minimum: 1, maximum: 200, default: 10, description: 'How many contacts (at most 200).' },
          after: { type: 'string', maxLength: 200, description: 'The next_after of a previous page.' },
          properties: PROPERTY_NAMES,
        },
        required: ['query'],
        additionalProperties: false,
      },
      request: {
        method: 'POST',
        path: '/crm/v3/objects/contacts/search',
        build: (input) => ({
          method: 'POST',
          path: '/crm/v3/objects/contacts/search',
          body: {
            type: 'json',
            value: { query: input.query, limit: (input.limit as number | undefined) ?? 10, after: input.after, properties: properties(input) },
          },
        }),
      },
      output: contactPage,
    },
  ],
});
