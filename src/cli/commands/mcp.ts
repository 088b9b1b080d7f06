/** `switchboard mcp stdio`: a tenant's effective actions as MCP tools, over standard input and output. */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Command } from 'commander';
import { builtinCatalog, Router, unlockTenant } from '../../engine/index.js';
import { startGateway } from '../../engine/mcp/http-gateway.js';
import { createMcpServer, type ToolMode } from '../../engine/mcp/mcp-server.js';
import { createMcpToken, listMcpTokens, revokeMcpToken } from '../../engine/mcp/tokens.js';
import { SwitchboardError } from '../../shared/errors.js';
import { withSession, withSpace } from '../context.js';
import { printResult, table, type GlobalOptions } from '../output.js';

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

  mcp
    .command('serve')
    .description('Serve MCP over Streamable HTTP on 127.0.0.1 at /mcp; each request chooses its profile by its bearer token.')
    .option('--port <port>', 'port to listen on (default: a free one)')
    .option('--mode <mode>', 'tools or search', 'tools')
    .action(async (o: { port?: string; mode: string }) => {
      const opts = globals();
      if (o.mode !== 'tools' && o.mode !== 'search') throw new SwitchboardError('INVALID_INPUT', '--mode is tools or search.');
      const port = o.port === undefined ? 0 : Number(o.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new SwitchboardError('INVALID_INPUT', '--port takes a port number.');
      await withSpace(opts, async (space) => {
        const gateway = await startGateway({ space, catalog: builtinCatalog(), port, mode: o.mode as ToolMode });
        process.stdout.write(`Switchboard MCP: ${gateway.url}\n`);
        process.stdout.write('Clients authenticate with a token from `switchboard mcp token create`. Press Ctrl+C to stop.\n');
        await new Promise<void>((resolve) => {
          const stop = (): void => void gateway.close().then(resolve);
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
      });
    });

  const token = mcp.command('token').description('Tokens that let an MCP client act as a profile over HTTP.');
  token
    .command('create')
    .description('Create a token for a profile and print it once.')
    .requiredOption('--tenant <name>', 'the profile the token acts as')
    .option('--name <label>', 'a label to recognise it by', 'MCP client')
    .option('--expires <days>', 'expire after this many days')
    .option('--passphrase-stdin', 'read the passphrase from standard input')
    .action(async (o: { tenant: string; name: string; expires?: string; passphraseStdin?: boolean }) => {
      const opts = { ...globals(), passphraseStdin: o.passphraseStdin };
      const created = await withSession(opts, o.tenant, (session, space) =>
        createMcpToken(space, session, { name: o.name, ...(o.expires !== undefined ? { expiresDays: Number(o.expires) } : {}) }),
      );
      printResult(opts, { token: created.token, id: created.id }, () =>
        [`${created.id}`, 'Token, shown only this once (it unlocks this profile for MCP clients; revoke it with `switchboard mcp token revoke ID`):', `  ${created.token}`].join('\n'),
      );
    });
  token
    .command('list')
    .description("List a profile's tokens (never the tokens themselves).")
    .requiredOption('--tenant <name>', 'the profile')
    .option('--passphrase-stdin', 'read the passphrase from standard input')
    .action(async (o: { tenant: string; passphraseStdin?: boolean }) => {
      const opts = { ...globals(), passphraseStdin: o.passphraseStdin };
      const tokens = await withSession(opts, o.tenant, (session, space) => listMcpTokens(space, session));
      printResult(opts, tokens, () =>
        tokens.length === 0 ? 'No tokens.' : table(['ID', 'NAME', 'CREATED', 'EXPIRES', 'LAST USED'], tokens.map((t) => [t.id, t.name, t.createdAt, t.expiresAt ?? 'never', t.lastUsedAt ?? '-'])),
      );
    });
  token
    .command('revoke')
    .description('Revoke a token: the next request with it is refused.')
    .argument('<id>', 'token id (mt_…)')
    .requiredOption('--tenant <name>', 'the profile')
    .option('--passphrase-stdin', 'read the passphrase from standard input')
    .action(async (id: string, o: { tenant: string; passphraseStdin?: boolean }) => {
      const opts = { ...globals(), passphraseStdin: o.passphraseStdin };
      await withSession(opts, o.tenant, (session, space) => revokeMcpToken(space, session, id));
      printResult(opts, { ok: true }, `Revoked ${id}.`);
    });
}
