import { checkMigrationList } from '../../db/migrate.js';
import { r0001Init } from './0001-init.js';

/** Every registry migration, in order. */
export const REGISTRY_MIGRATIONS = checkMigrationList([r0001Init]);
