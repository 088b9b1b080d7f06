// How a team database is named and reached: never with a password in the URL, discrete client
// fields (nothing in the URL overrides the password), and which errors mean "offline".
import { describe, expect, it } from 'vitest';
import { clientConfig, databaseError, databaseUrl, isUnreachable } from '../../src/engine/team/pg-config.js';

describe('the team database URL', () => {
  it('takes postgres:// and postgresql:// URLs without a password', () => {
    expect(databaseUrl('postgres://sb@db.acme.internal:5432/switchboard')).toBe('postgres://sb@db.acme.internal:5432/switchboard');
    expect(databaseUrl('postgresql://sb@10.0.0.5/team?sslmode=verify-full')).toContain('sslmode=verify-full');
  });

  it('refuses a password in the URL, without repeating it', () => {
    let message = '';
    try {
      databaseUrl('postgres://sb:hunter2-secret@db/switchboard');
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/Leave the password out of the database URL/);
    expect(message).not.toContain('hunter2');
  });

  it('refuses what is not a database URL', () => {
    for (const bad of ['', 'db.acme.internal', 'http://db/x', 'postgres://db', 'postgres:///x', 42, 'postgres://db/' + 'x'.repeat(2001)]) {
      expect(() => databaseUrl(bad), String(bad).slice(0, 40)).toThrow(/postgres:\/\/USER@HOST/);
    }
  });

  it('builds discrete client settings: the password given apart, TLS as sslmode asks', () => {
    const config = clientConfig({ url: 'postgres://sb%40acme@db.acme.internal:6543/team%20a?sslmode=verify-full', password: 'pw' });
    expect(config).toMatchObject({ host: 'db.acme.internal', port: 6543, user: 'sb@acme', database: 'team a', password: 'pw', ssl: { rejectUnauthorized: true } });
    expect(clientConfig({ url: 'postgres://sb@db/team', password: undefined })).not.toHaveProperty('password');
    expect(clientConfig({ url: 'postgres://sb@db/team?sslmode=disable', password: 'x' })).not.toHaveProperty('ssl');
  });
});

describe('offline or refused', () => {
  it('counts connection failures and server shutdowns as offline, a cancelled statement as busy', () => {
    expect(isUnreachable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isUnreachable(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe(true);
    expect(isUnreachable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isUnreachable(Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' }))).toBe(false);
    expect(isUnreachable(Object.assign(new Error('duplicate key value'), { code: '23505' }))).toBe(false);
  });

  it('says what to do, naming the host and never the password', () => {
    const url = 'postgres://sb@db.acme.internal:5432/team';
    expect(databaseError(Object.assign(new Error('x'), { code: '28P01' }), url).toShape()).toMatchObject({ code: 'AUTH_REQUIRED', message: expect.stringMatching(/db\.acme\.internal:5432\/team refused the password/) });
    expect(databaseError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), url).code).toBe('OFFLINE');
    expect(databaseError(Object.assign(new Error('x'), { code: '3D000' }), url).code).toBe('NOT_FOUND');
  });
});
