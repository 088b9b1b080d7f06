/** `switchboard serve`: the UI in a browser, on 127.0.0.1 only. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { SwitchboardError } from '../../shared/errors.js';
import { action, keepTeamSpacesLive, withHome } from '../context.js';
import { serve } from '../serve.js';

/** SWITCHBOARD_MCP_PORT, as the desktop app reads it; 0 (a free port) when unset. */
function mcpPort(): number {
  const raw = process.env.SWITCHBOARD_MCP_PORT?.trim();
  if (!raw) return 0;
  if (!/^\d{1,5}$/.test(raw) || Number(raw) > 65535) throw new SwitchboardError('INVALID_INPUT', `SWITCHBOARD_MCP_PORT must be a port number from 0 to 65535, not ${JSON.stringify(raw.slice(0, 20))}.`);
  return Number(raw);
}

export function rendererDir(): string {
  return fileURLToPath(new URL('../renderer/', import.meta.url));
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Serve the Switchboard UI to a browser on 127.0.0.1 (prints the address with its one-launch token).')
    .option('--port <port>', 'port to listen on (default: a free one)')
    .option('--no-mcp', 'do not run the MCP HTTP gateway beside the UI')
    .action(
      action(async (opts) => {
        const dir = rendererDir();
        keepTeamSpacesLive();
        if (!existsSync(dir)) throw new SwitchboardError('INTERNAL', 'The UI is not built yet: run `npm run build` first.');
        const port = opts.port === undefined ? 0 : Number(opts.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new SwitchboardError('INVALID_INPUT', '--port takes a port number.');
        const withMcp = opts.mcp !== false;
        const gatewayPortNumber = withMcp ? mcpPort() : 0;
        await withHome(opts, async (home) => {
          // The MCP gateway beside the UI, as in the desktop app: the AI clients page shows its address.
          const { gatewayBeside } = await import('../../engine/mcp/gateway-beside.js');
          const gateway = withMcp
            ? gatewayBeside(home, {
                port: gatewayPortNumber,
                ...(opts.space ? { spaceRef: opts.space as string } : {}),
                onStart: (url) => process.stdout.write(`Switchboard MCP: ${url}\n`),
                onError: (err) => process.stderr.write(`The MCP gateway did not start: ${err instanceof Error ? err.message : String(err)}\n`),
              })
            : undefined;
          const served = await serve({
            home,
            ...(opts.space ? { spaceRef: opts.space } : {}),
            rendererDir: dir,
            port,
            cliCommand: [process.execPath, process.argv[1] ?? 'switchboard'],
            ...(gateway ? { mcpUrl: gateway.url } : {}),
          });
          process.stdout.write(`Switchboard UI: ${served.url}\n`);
          process.stdout.write('Press Ctrl+C to stop. Only this machine can connect; the address works for this launch only.\n');
          await new Promise<void>((resolve) => {
            const stop = (): void => void Promise.all([served.close(), gateway?.close()]).then(() => resolve());
            process.once('SIGINT', stop);
            process.once('SIGTERM', stop);
          });
        });
      }),
    );
}
