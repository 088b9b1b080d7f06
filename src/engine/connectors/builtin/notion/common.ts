/** What the Notion actions share: ids, the page summary, rich text to plain text. */
import { ANY_OBJECT, BOOLEAN, obj, STRING } from '../../output-schema.js';

export const NOTION_ID = { type: 'string', minLength: 32, maxLength: 36, pattern: '^[0-9a-fA-F-]{32,36}$' } as const;
export const PAGE_SIZE = { type: 'integer', minimum: 1, maximum: 100, default: 50, description: 'How many per page (at most 100).' } as const;
export const CURSOR = { type: 'string', minLength: 1, maxLength: 100, description: 'The next_cursor of a previous page.' } as const;
/** A block as Notion takes it: `{"type": "paragraph", "paragraph": {"rich_text": [{"text": {"content": "…"}}]}}`. */
export const BLOCKS = { type: 'array', minItems: 1, maxItems: 100, items: { type: 'object', properties: { type: { type: 'string', minLength: 1, maxLength: 50, pattern: '^[a-z_0-9]+$' } }, required: ['type'], maxProperties: 10 }, description: 'Block objects (at most 100), e.g. [{"type": "paragraph", "paragraph": {"rich_text": [{"text": {"content": "Hello"}}]}}].' } as const;

export interface NotionObject {
  object: string;
  id: string;
  url?: string;
  archived?: boolean;
  parent?: Record<string, unknown>;
  properties?: Record<string, { type?: string; title?: { plain_text?: string }[] }>;
  title?: { plain_text?: string }[];
  created_time?: string;
  last_edited_time?: string;
}

export const SUMMARY = obj({ object: STRING, id: STRING, title: STRING, url: STRING }, ['object', 'id', 'title']);
export const PAGE = obj(
  { object: STRING, id: STRING, title: STRING, url: STRING, parent: ANY_OBJECT, properties: ANY_OBJECT, archived: BOOLEAN, created_time: STRING, last_edited_time: STRING },
  ['object', 'id', 'title', 'properties', 'archived'],
);

export function summarize(o: NotionObject): { object: string; id: string; title: string; url?: string } {
  const titleProp = Object.values(o.properties ?? {}).find((p) => p.type === 'title');
  const title = (titleProp?.title ?? o.title ?? []).map((t) => t.plain_text ?? '').join('');
  return { object: o.object, id: o.id, title, ...(o.url ? { url: o.url } : {}) };
}

export function pageView(o: NotionObject) {
  return {
    ...summarize(o),
    ...(o.parent ? { parent: o.parent } : {}),
    properties: o.properties ?? {},
    archived: o.archived ?? false,
    ...(o.created_time ? { created_time: o.created_time } : {}),
    ...(o.last_edited_time ? { last_edited_time: o.last_edited_time } : {}),
  };
}

/** The plain text of a block: its rich_text, or a child page's or database's title. */
export function blockText(block: Record<string, unknown>): string {
  const body = block[block.type as string] as { rich_text?: { plain_text?: string }[]; title?: string } | undefined;
  if (typeof body?.title === 'string') return body.title;
  return (body?.rich_text ?? []).map((t) => t.plain_text ?? '').join('');
}
