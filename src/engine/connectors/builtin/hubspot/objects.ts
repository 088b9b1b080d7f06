/**
 * HubSpot CRM v3 objects (contacts, companies, deals): what every object action shares.
 * Checked against HubSpot/HubSpot-public-api-spec-collection (HEAD 99893791):
 * PublicApiSpecs/CRM/{Contacts,Companies,Deals}/Rollouts/424/v3/{contacts,companies,deals}.json
 * (info.version v3; files of 2026-06-23): SimplePublicObject (`properties` strings, null when
 * unset), SimplePublicObjectInputForCreate (`properties` and `associations` both required),
 * SimplePublicObjectInput (update), ForwardPaging (`paging.next.after`).
 */
import type { ActionDefinition, BuiltRequest, Input } from '../../definition.js';
import { BOOLEAN, cursorOrNull, obj, page, STRING } from '../../output-schema.js';

export type ObjectType = 'contacts' | 'companies' | 'deals';

export const PROPERTY_NAME = '^[a-z0-9_]{1,100}$';
export const EXTRA_PROPERTIES = {
  type: 'object',
  maxProperties: 100,
  propertyNames: { pattern: PROPERTY_NAME },
  additionalProperties: { type: 'string', maxLength: 65536 },
  description: 'More properties by internal name, e.g. {"jobtitle": "CTO"} ("" clears one on update).',
} as const;
export const OBJECT_ID = { type: 'string', minLength: 1, maxLength: 30, pattern: '^[0-9]+$' } as const;
export const CURSOR = { type: 'string', minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9_-]+$', description: 'The next_cursor of a previous page.' } as const;

/** What HubSpot returns when no property is asked for, plus the usual details (contacts.json info.description). */
export const DEFAULT_PROPERTIES: Record<ObjectType, string[]> = {
  contacts: ['email', 'firstname', 'lastname', 'phone', 'company'],
  companies: ['name', 'domain', 'industry', 'city'],
  deals: ['dealname', 'amount', 'closedate', 'pipeline', 'dealstage'],
};

export const propertyNames = (type: ObjectType) =>
  ({
    type: 'array',
    maxItems: 100,
    items: { type: 'string', minLength: 1, maxLength: 100, pattern: PROPERTY_NAME },
    description: `Property names to return (default ${DEFAULT_PROPERTIES[type].join(', ')}).`,
  }) as const;

interface HubspotObject {
  id: string;
  properties?: Record<string, string | null>;
  createdAt?: string;
  updatedAt?: string;
  archived?: boolean;
}

export const OBJECT = obj(
  { id: STRING, properties: { type: 'object', additionalProperties: { type: ['string', 'null'] } }, created_at: STRING, updated_at: STRING, archived: BOOLEAN },
  ['id', 'properties', 'archived'],
);

export function summary(o: HubspotObject) {
  return {
    id: o.id,
    properties: o.properties ?? {},
    ...(o.createdAt ? { created_at: o.createdAt } : {}),
    ...(o.updatedAt ? { updated_at: o.updatedAt } : {}),
    archived: o.archived ?? false,
  };
}

export function listPage(key: ObjectType) {
  return (body: unknown) => {
    const b = body as { total?: number; results?: HubspotObject[]; paging?: { next?: { after?: string } } };
    return { ...(b.total !== undefined ? { total: b.total } : {}), [key]: (b.results ?? []).map(summary), next_cursor: cursorOrNull(b.paging?.next?.after) };
  };
}

export const properties = (type: ObjectType, input: Input): string[] => (input.properties as string[] | undefined) ?? DEFAULT_PROPERTIES[type];
export const scopes = (type: ObjectType, access: 'read' | 'write') => [`crm.objects.${type}.${access}`];

/** The list, get and update actions every object type has, worded for that type. */
export function commonActions(type: ObjectType, one: string): ActionDefinition[] {
  const path = `/crm/v3/objects/${type}`;
  return [
    {
      id: `list_${type}`,
      title: `List ${type}`,
      description: `List ${type}, oldest first, with ${DEFAULT_PROPERTIES[type].join(', ')} (or the \`properties\` you name). Page with \`cursor\`.`,
      kind: 'read',
      docs: `https://developers.hubspot.com/docs/api/crm/${type}`,
      scopes: scopes(type, 'read'),
      input: {
        type: 'object',
        properties: {
          limit: { type: 'integer', minimum: 1, maximum: 100, default: 10, description: 'How many (at most 100).' },
          cursor: CURSOR,
          properties: propertyNames(type),
          archived: { type: 'boolean', description: 'List archived ones instead.' },
        },
        additionalProperties: false,
      },
      outputSchema: page(type, OBJECT),
      request: {
        method: 'GET',
        path,
        // HubSpot takes `properties` as one comma-separated value.
        build: (input): BuiltRequest => ({
          method: 'GET',
          path,
          query: { limit: input.limit as number | undefined, after: input.cursor as string | undefined, properties: properties(type, input).join(','), archived: input.archived as boolean | undefined },
        }),
      },
      output: listPage(type),
    },
    {
      id: `get_${one}`,
      title: `Get ${one}`,
      description: `Read one ${one} by id${type === 'contacts' ? ' (or by email, with id_property "email")' : ''}, with the \`properties\` you name (default ${DEFAULT_PROPERTIES[type].join(', ')}).`,
      kind: 'read',
      docs: `https://developers.hubspot.com/docs/api/crm/${type}`,
      scopes: scopes(type, 'read'),
      input: {
        type: 'object',
        properties: {
          id: { type: 'string', minLength: 1, maxLength: 254, description: `The ${one} id${type === 'contacts' ? ', or an email with id_property "email"' : ''}.` },
          ...(type === 'contacts' ? { id_property: { type: 'string', enum: ['email'], description: 'Look the contact up by this property instead of its id.' } } : {}),
          properties: propertyNames(type),
        },
        required: ['id'],
        additionalProperties: false,
      },
      outputSchema: OBJECT,
      request: {
        method: 'GET',
        path: `${path}/{id}`,
        build: (input) => ({
          method: 'GET',
          path: `${path}/${encodeURIComponent(input.id as string)}`,
          query: { properties: properties(type, input).join(','), idProperty: input.id_property as string | undefined },
        }),
      },
      output: (body) => summary(body as HubspotObject),
    },
  ];
}
