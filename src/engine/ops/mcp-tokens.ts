/** A profile's MCP access tokens: create (shown once), list, revoke. */
import { createMcpToken, listMcpTokens, revokeMcpToken } from '../space/mcp-tokens.js';
import { op } from './operation.js';

export const tokenOps = {
  'mcp.tokens.list': op('mcp.tokens.list', 'profile', async ({ space, session }) => listMcpTokens(space, session)),
  /** The token is in this answer only; it is never shown again. */
  'mcp.tokens.create': op('mcp.tokens.create', 'profile', async ({ space, session }, input) => createMcpToken(space, session, input)),
  'mcp.tokens.revoke': op('mcp.tokens.revoke', 'profile', async ({ space, session }, input) => {
    await revokeMcpToken(space, session, input.id);
    return null;
  }),
};
