/**
 * `switchboard mcp stdio|serve|token`: a profile's effective actions as MCP tools, for AI agents.
 * The MCP SDK and the servers are imported when a command that serves MCP runs, so the other
 * commands of the CLI do not load them at start.
 */
import type { Command } from 'commander';
import type { ToolMode } from '../../engine/mcp/mcp-server.js';
import { SwitchboardError } from '../../shared/errors.js';
import { action, keepTeamSpacesLive, asProfile, runOp, withProfile, withSpace, type CliOptions } from '../context.js';
import { printResult, table } from '../output.js';
import { envPassphrase, PASSPHRASE_ENV } from '../secret-input.js';

function toolMode(opts: CliOptions): ToolMode {
  if (opts.mode !== 'tools' && opts.mode !== 'search') throw new SwitchboardError('INVALID_INPUT', '--mode is tools or search.');
  return opts.mode;
}

export function registerMcpCommands(program: Command): void {
  const mcp = program.command('mcp').description("Serve a profile's enabled actions to AI agents over MCP.");
  mcp
    .command('stdio')
    .description(`Speak MCP on stdin/stdout as a profile (the command an MCP client config launches). The passphrase comes from ${PASSPHRASE_ENV}.`)
    .requiredOption('--tenant <name>', 'the profile whose tools to serve')
    .option('--mode <mode>', 'tools (one tool per action) or search (two tools: search_actions, call_action)', 'tools')
    .action(
      action(async (opts) => {
        const mode = toolMode(opts);
        keepTeamSpacesLive();
        if (envPassphrase() === undefined) {
          throw new SwitchboardError('INVALID_INPUT', `Set ${PASSPHRASE_ENV} in the MCP client config: standard input carries the protocol.`);
        }
        const [{ createMcpServer }, { StdioServerTransport }] = await Promise.all([import('../../engine/mcp/mcp-server.js'), import('@modelcontextprotocol/sdk/server/stdio.js')]);
        await withProfile(opts, opts.tenant!, async ({ space, session }) => {
          const { server, close } = createMcpServer({ space, session: session!, mode });
          const transport = new StdioServerTransport();
          const closed = new Promise<void>((resolve) => {
            transport.onclose = () => resolve();
            process.stdin.once('end', () => resolve());
          });
          await server.connect(transport);
          await closed;
          await close();
        });
      }),
    );

  mcp
    .command('serve')
    .description('Serve MCP over Streamable HTTP on 127.0.0.1 at /mcp; each request chooses its profile by its bearer token.')
    .option('--port <port>', 'port to listen on (default: a free one)')
    .option('--mode <mode>', 'tools or search', 'tools')
    .action(
      action(async (opts) => {
        const mode = toolMode(opts);
        keepTeamSpacesLive();
        const port = opts.port === undefined ? 0 : Number(opts.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new SwitchboardError('INVALID_INPUT', '--port takes a port number.');
        const { startGateway } = await import('../../engine/mcp/http-gateway.js');
        await withSpace(opts, async (space) => {
          const gateway = await startGateway({ space, port, mode });
          process.stdout.write(`Switchboard MCP: ${gateway.url}\n`);
          process.stdout.write('Clients authenticate with a token from `switchboard mcp token create`. Press Ctrl+C to stop.\n');
          await new Promise<void>((resolve) => {
            const stop = (): void => void gateway.close().then(resolve);
            process.once('SIGINT', stop);
            process.once('SIGTERM', stop);
          });
        });
      }),
    );

  const token = mcp.command('token').description('Tokens that let an MCP client act as a profile over HTTP.');
  asProfile(
    token
      .command('create')
      .description('Create a token for a profile and print it once.')
      .option('--name <label>', 'a label to recognise it by', 'MCP client')
      .option('--expires <days>', 'expire after this many days'),
    'the profile the token acts as',
  ).action(
    action(async (opts) => {
      const created = await runOp(opts, 'mcp.tokens.create', { name: opts.name, ...(opts.expires !== undefined ? { expiresDays: Number(opts.expires) } : {}) });
      printResult(opts, { token: created.token, id: created.id }, () =>
        [`${created.id}`, 'Token, shown only this once (it unlocks this profile for MCP clients; revoke it with `switchboard mcp token revoke ID`):', `  ${created.token}`].join('\n'),
      );
    }),
  );
  asProfile(token.command('list').description("List a profile's tokens (never the tokens themselves)."), 'the profile').action(
    action(async (opts) => {
      const tokens = await runOp(opts, 'mcp.tokens.list', {});
      printResult(opts, tokens, () =>
        tokens.length === 0 ? 'No tokens.' : table(['ID', 'NAME', 'CREATED', 'EXPIRES', 'LAST USED'], tokens.map((t) => [t.id, t.name, t.createdAt, t.expiresAt ?? 'never', t.lastUsedAt ?? '-'])),
      );
    }),
  );
  asProfile(token.command('revoke').description('Revoke a token: the next request with it is refused.').argument('<id>', 'token id (mt_…)'), 'the profile').action(
    action(async (opts, id: string) => {
      await runOp(opts, 'mcp.tokens.revoke', { id });
      printResult(opts, { ok: true }, `Revoked ${id}.`);
    }),
  );
}
