/**
 * Salesforce REST API, version 60.0 (Spring '24), on each connection's own instance URL (the
 * token answer's `instance_url`). https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/
 * Salesforce publishes no static OpenAPI file for the core REST API (its OAS 3 document is
 * generated per org, beta). Checked against the REST API Developer Guide pages (v67.0, Summer '26):
 * errorcodes.htm, resources_query.htm, resources_query_more_results.htm, dome_sobject_create.htm,
 * dome_get_field_values.htm, dome_update_fields.htm, dome_sobject_describe.htm,
 * dome_versions.htm, headers_api_usage.htm. Errors come as a non-2xx array `[{message, errorCode}]`;
 * a used-up org API allocation is a 403 REQUEST_LIMIT_EXCEEDED (Salesforce sends no 429).
 */
import { SwitchboardError } from '../../../shared/errors.js';
import { defineConnector, signInScopes, type ActionDefinition, type UpstreamResponse } from '../definition.js';
import { ANY_OBJECT, arr, BOOLEAN, INTEGER, NUMBER_OR_NULL, obj, page, STRING, STRING_OR_NULL, cursorOrNull } from '../output-schema.js';

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
  return { type: r.attributes?.type ?? null, ...(plain(r) as Record<string, unknown>) };
}

/** A record: its object type and its fields as selected (related records nested). */
const RECORD = { type: 'object', properties: { type: STRING_OR_NULL }, required: ['type'] } as const;
const RECORD_ID = { type: 'string', minLength: 15, maxLength: 18, pattern: '^[A-Za-z0-9]{15}([A-Za-z0-9]{3})?$', description: 'The record id (15 or 18 characters).' } as const;
const FIELDS = {
  type: 'object',
  minProperties: 1,
  maxProperties: 500,
  propertyNames: { pattern: FIELD_NAME, maxLength: 80 },
  additionalProperties: { type: ['string', 'number', 'boolean', 'null'], maxLength: 131072 },
  description: 'Field API names and values; dates as "2025-05-01", date-times as "2025-05-01T09:00:00Z".',
} as const;
const recordPath = (input: Record<string, unknown>) => `${API}/sobjects/${encodeURIComponent(input.sobject as string)}/${encodeURIComponent(input.id as string)}`;

/** A used-up daily (or concurrent) API allocation: a 403 with REQUEST_LIMIT_EXCEEDED. */
function salesforceRateLimit({ status, body }: UpstreamResponse) {
  const first = Array.isArray(body) ? (body[0] as { errorCode?: unknown } | undefined) : undefined;
  return status === 403 && first?.errorCode === 'REQUEST_LIMIT_EXCEEDED' ? {} : undefined;
}

interface DescribeField {
  name: string;
  label?: string;
  type?: string;
  length?: number;
  nillable?: boolean;
  createable?: boolean;
  updateable?: boolean;
  defaultedOnCreate?: boolean;
  referenceTo?: string[];
  picklistValues?: { value: string; active?: boolean }[];
}

const actions: ActionDefinition[] = [
    {
      id: 'query',
      title: 'Run SOQL query',
      description:
        'Run a SOQL query, e.g. "SELECT Id, Name, Industry FROM Account WHERE Name LIKE \'Acme%\' LIMIT 20". Returns total_size, the records (fields as selected, plus their object type) and, when more remain, `next_records_url`: pass it back as `next_records_url` (without `q`) for the next batch.',
      kind: 'read',
      docs: 'https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_query.htm',
      scopes: ['api'],
      input: {
        type: 'object',
        properties: {
          q: { type: 'string', minLength: 1, maxLength: 16000, description: 'The SOQL query.' },
          cursor: {
            type: 'string',
            maxLength: 200,
            pattern: '^/services/data/v[0-9]+\\.[0-9]+/query/[A-Za-z0-9-]+$',
            description: 'The next_cursor of a previous answer (Salesforce\'s nextRecordsUrl), without q.',
          },
        },
        additionalProperties: false,
      },
      outputSchema: page('records', RECORD, { total_size: INTEGER, done: BOOLEAN }, ['total_size', 'done']),
      request: {
        method: 'GET',
        path: `${API}/query`,
        build: (input) => {
          if ((input.q === undefined) === (input.cursor === undefined)) {
            throw new SwitchboardError('INVALID_INPUT', 'Give either q (a SOQL query) or cursor (to continue one), not both.');
          }
          // The whole nextRecordsUrl, as Salesforce says to follow it.
          return input.cursor !== undefined ? { method: 'GET', path: input.cursor as string } : { method: 'GET', path: `${API}/query`, query: { q: input.q as string } };
        },
      },
      output: (body) => {
        const b = body as { totalSize?: number; done?: boolean; nextRecordsUrl?: string; records?: SalesforceRecord[] };
        return { total_size: b.totalSize ?? 0, done: b.done ?? true, records: (b.records ?? []).map(recordSummary), next_cursor: cursorOrNull(b.nextRecordsUrl) };
      },
    },
    {
      id: 'create_record',
      title: 'Create record',
      description:
        'Create a record of an object type. `sobject` is the API name (Account, Contact, Lead…); `fields` maps field API names to values, e.g. {"LastName": "Smith", "Email": "ann@example.com"} for a Contact. Returns the new record id.',
      kind: 'write',
      docs: 'https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_sobject_create.htm',
      destructive: false,
      scopes: ['api'],
      input: {
        type: 'object',
        properties: { sobject: SOBJECT, fields: FIELDS },
        required: ['sobject', 'fields'],
        additionalProperties: false,
      },
      outputSchema: obj({ id: STRING, success: BOOLEAN, errors: arr(ANY_OBJECT) }),
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
        return { id: b.id ?? '', success: b.success ?? true, errors: b.errors ?? [] };
      },
    },
    {
      id: 'get_record',
      title: 'Get record',
      description:
        'Read one record by object type and id (15 or 18 characters). `fields` limits the answer to those field API names; without it every field comes back. Returns the field values and the object type.',
      kind: 'read',
      docs: 'https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_get_field_values.htm',
      scopes: ['api'],
      outputSchema: RECORD,
      input: {
        type: 'object',
        properties: {
          sobject: SOBJECT,
          id: RECORD_ID,
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
          path: recordPath(input),
          query: { fields: (input.fields as string[] | undefined)?.join(',') },
        }),
      },
      output: (body) => recordSummary(body as SalesforceRecord),
    },
    {
      id: 'update_record',
      title: 'Update record',
      description:
        'Change fields of a record (only those given; null clears one), e.g. {"StageName": "Closed Won"} on an Opportunity. Salesforce answers with no body when it worked; this returns {id, updated: true}.',
      kind: 'write',
      destructive: true,
      idempotent: true,
      docs: 'https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_update_fields.htm',
      scopes: ['api'],
      input: { type: 'object', properties: { sobject: SOBJECT, id: RECORD_ID, fields: FIELDS }, required: ['sobject', 'id', 'fields'], additionalProperties: false },
      outputSchema: obj({ id: STRING, updated: { const: true } }),
      request: { method: 'PATCH', path: `${API}/sobjects/{sobject}/{id}`, build: (input) => ({ method: 'PATCH', path: recordPath(input), body: { type: 'json', value: input.fields } }) },
      output: (_body, input) => ({ id: input.id as string, updated: true }),
    },
    {
      id: 'describe_object',
      title: 'Describe object',
      description:
        'What an object type holds: its label, whether records can be created, updated, deleted and queried, and each field (API name, label, type, length, whether required on create, whether updateable, what a reference points to, picklist values). Required on create = not nillable, createable and not defaulted.',
      kind: 'read',
      docs: 'https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_sobject_describe.htm',
      scopes: ['api'],
      input: { type: 'object', properties: { sobject: SOBJECT }, required: ['sobject'], additionalProperties: false },
      outputSchema: obj(
        {
          name: STRING,
          label: STRING,
          key_prefix: STRING_OR_NULL,
          createable: BOOLEAN,
          updateable: BOOLEAN,
          deletable: BOOLEAN,
          queryable: BOOLEAN,
          fields: arr(
            obj(
              { name: STRING, label: STRING, type: STRING, length: NUMBER_OR_NULL, required: BOOLEAN, updateable: BOOLEAN, reference_to: arr(STRING), picklist_values: arr(STRING) },
              ['name', 'label', 'type', 'required', 'updateable'],
            ),
          ),
        },
        ['name', 'label', 'fields'],
      ),
      request: { method: 'GET', path: `${API}/sobjects/{sobject}/describe` },
      // The describe answer is large (hundreds of KB): only what a caller acts on is kept.
      output: (body) => {
        const b = body as { name: string; label?: string; keyPrefix?: string | null; createable?: boolean; updateable?: boolean; deletable?: boolean; queryable?: boolean; fields?: DescribeField[] };
        return {
          name: b.name,
          label: b.label ?? b.name,
          key_prefix: b.keyPrefix ?? null,
          createable: b.createable ?? false,
          updateable: b.updateable ?? false,
          deletable: b.deletable ?? false,
          queryable: b.queryable ?? false,
          fields: (b.fields ?? []).map((f) => ({
            name: f.name,
            label: f.label ?? f.name,
            type: f.type ?? 'string',
            length: f.length ?? null,
            required: f.nillable === false && f.createable === true && f.defaultedOnCreate !== true,
            updateable: f.updateable ?? false,
            ...(f.referenceTo?.length ? { reference_to: f.referenceTo } : {}),
            ...(f.picklistValues?.length ? { picklist_values: f.picklistValues.filter((p) => p.active !== false).map((p) => p.value) } : {}),
          })),
        };
      },
    },
];

export const salesforce = defineConnector({
  id: 'salesforce',
  name: 'Salesforce',
  icon: '',
  category: 'crm',
  description: 'Query, read, create and update Salesforce records (accounts, contacts, leads, opportunities, custom objects) and describe their objects.',
  baseUrl: '',
  baseUrlHint: 'Your instance URL, e.g. https://acme.my.salesforce.com',
  auth: [
    {
      type: 'oauth2',
      authorizeUrl: 'https://login.salesforce.com/services/oauth2/authorize',
      tokenUrl: 'https://login.salesforce.com/services/oauth2/token',
      // refresh_token: a refresh token at all (Salesforce sends none without it).
      baseScopes: ['refresh_token'],
      scopes: signInScopes(['refresh_token'], actions),
      scopeSeparator: ' ',
      clientSecret: 'optional',
    },
    { type: 'bearer', label: 'Access token (session id), e.g. from `sf org display`' },
  ],
  // The versions' resources: any user may read them (/limits needs "View Setup and Configuration").
  // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_discoveryresource.htm
  test: { method: 'GET', path: `${API}/` },
  rateLimit: salesforceRateLimit,
  actions,
});
