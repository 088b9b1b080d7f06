import { describe, expect, it } from 'vitest';
import { resolveHomeDir } from '../../src/engine/space/paths.js';
import { checkMigrationList, type Migration } from '../../src/engine/db/migrate.js';
import { FIRST_LOCKOUT_MS, FREE_ATTEMPTS, MAX_LOCKOUT_MS, lockoutDelayMs } from '../../src/engine/space/throttle.js';

describe('lockout delay', () => {
  it('is free for the first attempts, then doubles up to a cap', () => {
    for (let n = 0; n < FREE_ATTEMPTS; n++) expect(lockoutDelayMs(n)).toBe(0);
    expect(lockoutDelayMs(FREE_ATTEMPTS)).toBe(FIRST_LOCKOUT_MS);
    expect(lockoutDelayMs(FREE_ATTEMPTS + 1)).toBe(2 * FIRST_LOCKOUT_MS);
    expect(lockoutDelayMs(FREE_ATTEMPTS + 50)).toBe(MAX_LOCKOUT_MS);
  });
});

describe('data home', () => {
  it('prefers --home, then SWITCHBOARD_HOME, then the platform app-data folder', () => {
    expect(resolveHomeDir({ flag: '/a', env: { SWITCHBOARD_HOME: '/b' } })).toBe('/a');
    expect(resolveHomeDir({ env: { SWITCHBOARD_HOME: '/b' } })).toBe('/b');
    expect(resolveHomeDir({ env: {}, platform: 'linux', userHome: '/home/s' })).toBe('/home/s/.config/Switchboard');
    expect(resolveHomeDir({ env: { XDG_CONFIG_HOME: '/x' }, platform: 'linux', userHome: '/home/s' })).toBe('/x/Switchboard');
    expect(resolveHomeDir({ env: {}, platform: 'darwin', userHome: '/Users/s' })).toBe('/Users/s/Library/Application Support/Switchboard');
  });
});

describe('migration lists', () => {
  const m = (version: number): Migration => ({ version, name: `m${version}`, up: async () => undefined });
  it('must run 1, 2, 3… without gaps or repeats', () => {
    expect(checkMigrationList([m(1), m(2)])).toHaveLength(2);
    expect(() => checkMigrationList([m(1), m(3)])).toThrow(/out of order/);
    expect(() => checkMigrationList([m(2), m(1)])).toThrow(/out of order/);
    expect(() => checkMigrationList([m(1), m(1)])).toThrow(/out of order/);
  });
});
