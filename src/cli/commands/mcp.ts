/** `switchboard mcp stdio`: a tenant's effective actions as MCP tools, over standard input and output. */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Command } from 'commander';
import { builtinCatalog, Router, unlockTenant } from '../../engine/index.js';
import { createMcpServer, type ToolMode } from '../../engine/mcp/mcp-server.js';
import { SwitchboardError } from '../../shared/errors.js';
import { withSpace } from '../context.js';
import type { GlobalOptions } from '../output.js';

export function registerMcpCommands(program: Command, globals: () => GlobalOptions): void {
  const mcp = program.command('mcp').description("Serve a profile's enabled actions to AI agents over MCP.");
  mcp
    .command('stdio')
    .description('Speak MCP on stdin/stdout as a profile (the command an MCP client config launches). The passphrase comes from SWITCHBOARD_PASSPHRASE.')
    .requiredOption('--tenant <name>', 'the profile whose tools to serve')
    .option('--mode <mode>', 'tools (one tool per action) or search (two tools: search_actions, call_action)', 'tools')
    .action(async (o: { tenant: string; mode: string }) => {
      const opts = globals();
      if (o.mode !== 'tools' && o.mode !== 'search') throw new SwitchboardError('INVALID_INPUT', '--mode is tools or search.');
      const passphrase = process.env.SWITCHBOARD_PASSPHRASE;
      if (!passphrase) {
        throw new SwitchboardError('INVALID_INPUT', 'Set SWITCHBOARD_PASSPHRASE in the MCP client config: standard input carries the protocol.');
      }
      await withSpace(opts, async (space) => {
        const session = await unlockTenant(space, o.tenant, passphrase);
        const catalog = builtinCatalog();
        const router = new Router(space, catalog);
        const { server, close } = createMcpServer({ space, catalog, router, session, mode: o.mode as ToolMode });
        const transport = new StdioServerTransport();
        const closed = new Promise<void>((resolve) => {
          transport.onclose = () => resolve();
          process.stdin.once('end', () => resolve());
        });
        await server.connect(transport);
        await closed;
        await close();
        await session.lock('manual');
      });
    });
}
