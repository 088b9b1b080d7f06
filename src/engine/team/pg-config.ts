/**
 * How Switchboard reaches a team space's PostgreSQL: a URL without a password (it would sit in
 * `ps`, shell history and the registry), and the password apart (environment, standard input, a
 * prompt, or the 0600 file team-config.ts keeps). Any PostgreSQL 13+ serves; `sslmode` in the URL
 * is honoured for managed servers.
 */
import type pg from 'pg';
import { SwitchboardError } from '../../shared/errors.js';

/** How long a connection attempt may take before the machine counts as offline. */
export const CONNECT_TIMEOUT_MS = 3000;
/** How long one statement may run (a sync step is small; a stuck server must not hold a save). */
export const STATEMENT_TIMEOUT_MS = 10_000;

export interface DatabaseTarget {
  /** postgres://user@host:port/db?sslmode=…, never with a password. */
  url: string;
  password: string | undefined;
}

/** Parse and check a database URL; INVALID_INPUT when it is not one, or carries a password. */
export function databaseUrl(raw: unknown): string {
  if (typeof raw !== 'string' || raw.length > 2000) throw badUrl();
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw badUrl();
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') throw badUrl();
  if (url.password) {
    throw new SwitchboardError(
      'INVALID_INPUT',
      'Leave the password out of the database URL (it would be visible to other programs and kept in your shell history): set SWITCHBOARD_DB_PASSWORD or PGPASSWORD, or give it on standard input.',
    );
  }
  if (!url.hostname || url.pathname.length < 2) throw badUrl();
  return url.toString();
}

function badUrl(): SwitchboardError {
  return new SwitchboardError('INVALID_INPUT', 'A database URL looks like postgres://USER@HOST:5432/DATABASE (no password in it).');
}

/** The client settings for `target`: discrete fields, so nothing of the URL can override the password. */
export function clientConfig(target: DatabaseTarget): pg.ClientConfig {
  const url = new URL(databaseUrl(target.url));
  const sslmode = url.searchParams.get('sslmode');
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : 5432,
    user: decodeURIComponent(url.username) || 'postgres',
    database: decodeURIComponent(url.pathname.slice(1)),
    ...(target.password !== undefined ? { password: target.password } : {}),
    ...(sslmode && sslmode !== 'disable' && sslmode !== 'prefer' && sslmode !== 'allow' ? { ssl: { rejectUnauthorized: sslmode === 'verify-full' || sslmode === 'verify-ca' } } : {}),
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    statement_timeout: STATEMENT_TIMEOUT_MS,
    query_timeout: STATEMENT_TIMEOUT_MS + 1000,
    application_name: 'switchboard',
    keepAlive: true,
  };
}

/** Whether `err` says the database cannot be reached (so the machine works offline), not that it refused something. */
export function isUnreachable(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  const message = typeof e?.message === 'string' ? e.message : '';
  if (code === '57014') return false; // a statement the server cancelled (statement_timeout): it is there, and busy
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08006'].includes(code) ||
    /timeout|terminat|Connection ended|not queryable|ECONNREFUSED|the database system is (starting|shutting)/i.test(message)
  );
}

/** What to tell a person about a database error, never its password or a query. */
export function databaseError(err: unknown, url: string): SwitchboardError {
  if (err instanceof SwitchboardError) return err;
  const e = err as { code?: unknown } | null;
  if (isUnreachable(err)) return new SwitchboardError('OFFLINE', `The team database at ${hostOf(url)} cannot be reached. Check the address and that it runs; this machine keeps working on its last verified copy.`);
  if (e?.code === '28P01' || e?.code === '28000') {
    return new SwitchboardError('AUTH_REQUIRED', `The team database at ${hostOf(url)} refused the password. Give the right one in SWITCHBOARD_DB_PASSWORD (or PGPASSWORD, or on standard input).`);
  }
  if (e?.code === '57014') return new SwitchboardError('UPSTREAM_TIMEOUT', `The team database at ${hostOf(url)} did not finish in time (another save may hold the policy). Try again.`);
  if (e?.code === '3D000') return new SwitchboardError('NOT_FOUND', `The database in ${hostOf(url)} does not exist. Create it first (createdb), then try again.`);
  return new SwitchboardError('UPSTREAM_ERROR', `The team database at ${hostOf(url)} answered with an error (${typeof e?.code === 'string' ? e.code : 'unknown'}).`);
}

export function hostOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.host}${u.pathname}`;
  } catch {
    return 'the given address';
  }
}
