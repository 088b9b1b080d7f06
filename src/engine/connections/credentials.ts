/** The credential shapes each auth scheme takes, validated before they reach a vault. */
import { zodFieldErrors } from '../../shared/field-messages.js';
import { z } from 'zod';
import { SwitchboardError } from '../../shared/errors.js';
import type { AuthType } from '../connectors/definition.js';

// Visible ASCII only: a token with a space, CR or LF could smuggle a header.
const token = z.string().min(1).max(8192).regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces');

export const credentialSchemas = {
  bearer: z.object({ token }).strict(),
  api_key: z.object({ apiKey: token }).strict(),
  basic: z
    .object({
      username: z.string().min(1).max(512).regex(/^[^:\x00-\x1f\x7f]+$/, 'cannot contain ":" or control characters'),
      password: z.string().min(1).max(8192).regex(/^[^\x00-\x1f\x7f]+$/, 'cannot contain control characters'),
    })
    .strict(),
  none: z.object({}).strict(),
  /** The client's own id and secret; the token endpoint (recorded at connect) and the current access token are filled in by Switchboard. */
  client_credentials: z
    .object({
      clientId: z.string().min(1).max(512).regex(/^[\x20-\x7e]+$/, 'must be printable ASCII'),
      clientSecret: token,
      tokenUrl: z.string().max(2000).optional(),
      accessToken: token.optional(),
      expiresAt: z.number().int().positive().optional(),
    })
    .strict(),
  oauth2: z
    .object({
      accessToken: token,
      refreshToken: token.optional(),
      expiresAt: z.number().int().positive().optional(),
      scope: z.string().max(4000).optional(),
      tokenType: z.string().max(50).optional(),
    })
    .strict(),
} as const;

export type Credentials = {
  bearer: z.infer<typeof credentialSchemas.bearer>;
  api_key: z.infer<typeof credentialSchemas.api_key>;
  basic: z.infer<typeof credentialSchemas.basic>;
  none: z.infer<typeof credentialSchemas.none>;
  oauth2: z.infer<typeof credentialSchemas.oauth2>;
  client_credentials: z.infer<typeof credentialSchemas.client_credentials>;
};

export type AnyCredentials = { type: 'bearer'; value: Credentials['bearer'] } | { type: 'api_key'; value: Credentials['api_key'] } | { type: 'basic'; value: Credentials['basic'] } | { type: 'none'; value: Credentials['none'] } | { type: 'oauth2'; value: Credentials['oauth2'] } | { type: 'client_credentials'; value: Credentials['client_credentials'] };

/** Parse credentials for `type`; errors name the field, never echo the value. */
export function parseCredentials(type: AuthType, raw: unknown): AnyCredentials {
  const schema = credentialSchemas[type];
  const parsed = schema.safeParse(raw ?? {});
  if (!parsed.success) {
    const { message, fields } = zodFieldErrors(parsed.error.issues, { schema, input: raw ?? {} });
    throw new SwitchboardError('INVALID_INPUT', message, { fields });
  }
  return { type, value: parsed.data } as AnyCredentials;
}

/** What a connection's vault records of the OAuth app its sign-in used: what a refresh talks to. */
export interface RecordedOAuthApp {
  clientId: string;
  clientSecret?: string;
  authorizeUrl: string;
  tokenUrl: string;
}

const httpsOrLoopback = z.string().max(2000).refine((u) => /^https:\/\//.test(u) || /^http:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?\//.test(u));
const recordedApp = z.object({ clientId: z.string().min(1).max(512), clientSecret: z.string().max(1024).optional(), authorizeUrl: httpsOrLoopback, tokenUrl: httpsOrLoopback }).strict();

/** The recorded app of a vault row, or undefined when there is none or it does not parse. */
export function parseRecordedApp(json: string | null): RecordedOAuthApp | undefined {
  if (!json) return undefined;
  try {
    const parsed = recordedApp.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Every secret string inside credentials, in each form it travels in (as is, URL-encoded, and
 * for Basic auth the base64 of user:password), to scrub from anything that leaves the router.
 */
export function secretValues(credentials: AnyCredentials): string[] {
  const v = credentials.value as Record<string, unknown>;
  const raw = ['token', 'apiKey', 'password', 'accessToken', 'refreshToken', 'clientSecret'].map((k) => v[k]).filter((s): s is string => typeof s === 'string' && s.length >= 4);
  const forms = new Set(raw);
  for (const s of raw) forms.add(encodeURIComponent(s));
  if (credentials.type === 'basic' && typeof v.username === 'string' && typeof v.password === 'string') {
    const basic = Buffer.from(`${v.username}:${v.password}`, 'utf8');
    forms.add(basic.toString('base64'));
    forms.add(basic.toString('base64url'));
  }
  return [...forms];
}
