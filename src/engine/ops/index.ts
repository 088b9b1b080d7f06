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
import { databaseUrl } from '../team/pg-config.js';
import { joinSpace, teamStatus } from '../team/publish.js';
import { homeOp, type Operation } from './operation.js';
import { profileOps, spaceOps } from './profiles.js';

export { invoke, invokeHome, requireProfile, type Access, type OpContext, type Operation, type HomeOperation } from './operation.js';
export { opened } from './profiles.js';

export const HOME_OPS = {
  'space.list': homeOp('space.list', async (home) => home.listSpaces()),
  'space.create': homeOp('space.create', async (home, input) => home.createSpace(input.name)),
  /** Anyone who can use this machine's data folder and reach the database; what the space then lets them do is its signed policy's. */
  'space.join': homeOp('space.join', async (home, input) => {
    const space = await joinSpace(home, { url: databaseUrl(input.url), password: input.password ? input.password : undefined }, {
      ...(input.machineName ? { machineName: input.machineName } : {}),
      ...(input.spaceKey ? { expectKey: input.spaceKey } : {}),
      sync: { live: home.options.liveTeamSync ?? false },
    });
    return { ...(await space.info()), status: await teamStatus(space) };
  }),
};

export const OPS = { ...spaceOps, ...profileOps, ...connectionOps, ...approvalOps, ...tokenOps, ...adminOps, ...customConnectorOps };
export type OpsTable = typeof OPS;

/** Every operation, for the test that walks them all. */
export const ALL_OPERATIONS: readonly (Operation | (typeof HOME_OPS)[keyof typeof HOME_OPS])[] = [...Object.values(OPS), ...Object.values(HOME_OPS)] as never;
