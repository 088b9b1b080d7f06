import type { Migration } from '../../db/migrate.js';

/**
 * Reserved for issue 13's signed custom-connector table, so the team-space migration can be 12.
 * It changes nothing; at merge, issue 13's 0011 takes its place.
 */
export const r0011Reserved: Migration = {
  version: 11,
  name: 'reserved',
  async up() {},
};
