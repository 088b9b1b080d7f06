import { checkMigrationList } from '../../db/migrate.js';
import { m0001Init } from './0001-init.js';

/** Every vault migration, in order. Add a file per migration and list it here. */
export const VAULT_MIGRATIONS = checkMigrationList([m0001Init]);
