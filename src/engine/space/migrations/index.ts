import { checkMigrationList } from '../../db/migrate.js';
import { r0001Init } from './0001-init.js';
import { r0002Policy } from './0002-policy.js';
import { r0003McpTokens } from './0003-mcp-tokens.js';
import { r0004Admin } from './0004-admin.js';
import { r0005PolicySigning } from './0005-policy-signing.js';
import { r0006QuickUnlock } from './0006-quick-unlock.js';
import { r0007Integrity } from './0007-integrity.js';
import { r0008ApprovalCounts } from './0008-approval-counts.js';
import { r0009AuditHash } from './0009-audit-hash.js';
import { r0010StateSeq } from './0010-state-seq.js';
import { r0011UsageRollup } from './0011-usage-rollup.js';
import { r0012CustomConnectors } from './0012-custom-connectors.js';
import { r0013Team } from './0013-team.js';

/** Every registry migration, in order. */
export const REGISTRY_MIGRATIONS = checkMigrationList([r0001Init, r0002Policy, r0003McpTokens, r0004Admin, r0005PolicySigning, r0006QuickUnlock, r0007Integrity, r0008ApprovalCounts, r0009AuditHash, r0010StateSeq, r0011UsageRollup, r0012CustomConnectors, r0013Team]);
