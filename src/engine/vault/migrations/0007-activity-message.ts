import type { Migration } from '../../db/migrate.js';

/**
 * The error message of a failed call, kept beside its code so the Activity view can say what went
 * wrong. It is the message the caller saw, already scrubbed of the connection's secrets by the router.
 */
export const m0007ActivityMessage: Migration = {
  version: 7,
  name: 'activity-message',
  async up(tx) {
    await tx.exec('ALTER TABLE activity ADD COLUMN message TEXT');
  },
};
