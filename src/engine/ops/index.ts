/**
 * The operations layer: every operation a person can run, by name. The UI contract's handlers
 * (src/engine/rpc), the CLI's commands (src/cli) and the MCP server (src/engine/mcp) call these
 * through `invoke`, and nothing else of the engine's tenant or admin functions.
 */
import { adminOps } from './admin.js';
import { approvalOps } from './approvals.js';
import { connectionOps } from './connections.js';
import { customConnectorOps } from './custom-connectors.js';
import { tokenOps } from './mcp-tokens.js';
import { homeOp, type Operation } from './operation.js';
import { profileOps, spaceOps } from './profiles.js';

export { invoke, invokeHome, requireProfile, type Access, type OpContext, type Operation, type HomeOperation } from './operation.js';
export { opened } from './profiles.js';

export const HOME_OPS = {
  'space.list': homeOp('space.list', async (home) => home.listSpaces()),
  'space.create': homeOp('space.create', async (home, input) => home.createSpace(input.name)),
};

export const OPS = { ...spaceOps, ...profileOps, ...connectionOps, ...approvalOps, ...tokenOps, ...adminOps, ...customConnectorOps };
export type OpsTable = typeof OPS;

/** Every operation, for the test that walks them all. */
export const ALL_OPERATIONS: readonly (Operation | (typeof HOME_OPS)[keyof typeof HOME_OPS])[] = [...Object.values(OPS), ...Object.values(HOME_OPS)] as never;
