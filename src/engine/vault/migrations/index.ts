import { checkMigrationList } from '../../db/migrate.js';
import { m0001Init } from './0001-init.js';
import { m0002Connections } from './0002-connections.js';
import { m0003OAuthProvenance } from './0003-oauth-provenance.js';
import { m0004Approvals } from './0004-approvals.js';
import { m0005VerifiedConnections } from './0005-verified-connections.js';
import { m0006SetupSeq } from './0006-setup-seq.js';
import { m0007ActivityMessage } from './0007-activity-message.js';

/** Every vault migration, in order. Add a file per migration and list it here. */
export const VAULT_MIGRATIONS = checkMigrationList([m0001Init, m0002Connections, m0003OAuthProvenance, m0004Approvals, m0005VerifiedConnections, m0006SetupSeq, m0007ActivityMessage]);
