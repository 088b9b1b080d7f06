/**
 * Salesforce REST API, version 60.0 (Spring '24), on each connection's own instance URL.
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/
 * Errors come as a non-2xx array `[{message, errorCode}]`; no call used here hides a failure in a 2xx.
 */
import { SwitchboardError } from '../../../shared/errors.js';
import { defineConnector } from '../definition.js';

const API = '/services/data/v60.0';

const SOBJECT = {
  type: 'string',
  minLength: 1,
  maxLength: 80,
  pattern: '^[A-Za-z][A-Za-z0-9_]*$',
  description: 'The object API name: Account, Contact, Lead, Opportunity, Case, or a custom object such as Invoice__c.',
} as const;
const FIELD_NAME = '^[A-Za-z][A-Za-z0-9_]*$';

/** A record without Salesforce's `attributes` blocks (also in related records and sub-queries). */
function plain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (k !== 'attributes') out[k] = plain(v);
  return out;
}

interface SalesforceRecord {
  attributes?: { type?: string; url?: string };
  Id?: string;
  [field: string]: unknown;
}

function recordSummary(r: SalesforceRecord) {
  return { type: r.attributes?.type, ...(plain(r) as Record<string, unknown>) };
}

export const salesforce = defineConnector({
  id: 'salesforce',
  name: 'Salesforce',
  icon: '☁️',
  category: 'crm',
  description: 'Query, read and create Salesforce records (accounts, contacts, leads, opportunities, custom objects).',
  baseUrl: '',
  baseUrlHint: 'Your instance URL, e.g. https://acme.my.salesforce.com',
  auth: [
    {
      type: 'oauth2',
      authorizeUrl: 'https://login.salesforce.com/services/oauth2/authorize',
      tokenUrl: 'https://login.salesforce.com/services/oauth2/token',
      scopes: ['api', 'refresh_token'],
      scopeSeparator: ' ',
      clientSecret: 'optional',
    },
    { type: 'bearer', label: 'Access token (session id), e.g. from `sf org display`' },
  ],
  // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_limits.htm
  test: { method: 'GET', path: `${API}/limits` },
  actions: [
    {
      id: 'query',
      title: 'Run SOQL query',
      description:
        'Run a SOQL query, e.g. "SELECT Id, Name, Industry FROM Account WHERE Name LIKE \'Acme%\' LIMIT 20". Returns total_size, the records (fields as selected, plus their object type) and, when more remain, `next_records_url`: pass it back as `next_records_url` (without `q`) for the next batch.',
      kind: 'read',
      docs: 'https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_query.htm',
      input: {
        type: 'object',
        properties: {
          q: { type: 'string', minLength: 1, maxLength: 16000, description: 'The SOQL query.' },
          next_records_url: {
            type: 'string',
            maxLength: 200,
            pattern: '^/services/data/v[0-9]+\\.[0-9]+/query/[A-Za-z0-9-]+$',
            description: 'The next_records_url of a previous answer.',
          },
        },
        additionalProperties: false,
      },
      request: {
        method: 'GET',
        path: `${API}/query`,
        build: (input) => {
          if ((input.q === undefined) === (input.next_records_url === undefined)) {
            throw new SwitchboardError('INVALID_INPUT', 'Give either q (a SOQL query) or next_records_url (to continue one), not both.');
          }
          return input.next_records_url !== undefined
            ? { method: 'GET', path: input.next_records_url as string }
            : { method: 'GET', path: `${API}/query`, query: { q: input.q as string } };
        },
      },
      output: (body) => {
        const b = body as { totalSize?: number; done?: boolean; nextRecordsUrl?: string; records?: SalesforceRecord[] };
        return { total_size: b.totalSize, done: b.done ?? true, records: (b.records ?? []).map(recordSummary), next_records_url: b.nextRecordsUrl };
      },
    },
    {
      id: 'create_record',
      title: 'Create record',
      description:
        'Create a record of an object type. `sobject` is the API name (Account, Contact, Lead…); `fields` maps field API names to values, e.g. {"LastName": "Smith", "Email": "ann@example.com"} for a Contact. Returns the new record id.',
      kind: 'write',
      docs: 'https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_sobject_create.htm',
      input: {
        type: 'object',
        properties: {
          sobject: SOBJECT,
          fields: {
            type: 'object',
            minProperties: 1,
            maxProperties: 500,
            propertyNames: { pattern: FIELD_NAME, maxLength: 80 },
            additionalProperties: { type: ['string', 'number', 'boolean', 'null'], maxLength: 131072 },
            description: 'Field API names and values; dates as "2025-05-01", date-times as "2025-05-01T09:00:00Z".',
          },
        },
        required: ['sobject', 'fields'],
        additionalProperties: false,
      },
      request: {
        method: 'POST',
        path: `${API}/sobjects/{sobject}`,
        build: (input) => ({
          method: 'POST',
          path: `${API}/sobjects/${encodeURIComponent(input.sobject as string)}`,
          body: { type: 'json', value: input.fields },
        }),
      },
      output: (body) => {
        const b = body as { id?: string; success?: boolean; errors?: unknown[] };
        return { id: b.id, success: b.success ?? true, errors: b.errors ?? [] };
      },
    },
    {
      id: 'get_record',
      title: 'Get record',
      description:
        'Read one record by object type and id (15 or 18 characters). `fields` limits the answer to those field API names; without it every field comes back. Returns the field values and the object type.',
      kind: 'read',
      docs: 'https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_get_field_values.htm',
      input: {
        type: 'object',
        properties: {
          sobject: SOBJECT,
          id: { type: 'string', minLength: 15, maxLength: 18, pattern: '^[A-Za-z0-9]{15}([A-Za-z0-9]{3})?$', description: 'The record id.' },
          fields: {
            type: 'array',
            maxItems: 200,
            items: { type: 'string', minLength: 1, maxLength: 80, pattern: FIELD_NAME },
            description: 'Field API names to return, e.g. ["Name", "Industry"].',
          },
        },
        required: ['sobject', 'id'],
        additionalProperties: false,
      },
      request: {
        method: 'GET',
        path: `${API}/sobjects/{sobject}/{id}`,
        // Salesforce takes `fields` as one comma-separated value.
        build: (input) => ({
          method: 'GET',
          path: `${API}/sobjects/${encodeURIComponent(input.sobject as string)}/${encodeURIComponent(input.id as string)}`,
          query: { fields: (input.fields as string[] | undefined)?.join(',') },
        }),
      },
      output: (body) => recordSummary(body as SalesforceRecord),
    },
  ],
});
