/** `switchboard serve`: the UI in a browser, on 127.0.0.1 only. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { SwitchboardError } from '../../shared/errors.js';
import { action, keepTeamSpacesLive, withHome } from '../context.js';
import { serve } from '../serve.js';

export function rendererDir(): string {
  return fileURLToPath(new URL('../renderer/', import.meta.url));
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Serve the Switchboard UI to a browser on 127.0.0.1 (prints the address with its one-launch token).')
    .option('--port <port>', 'port to listen on (default: a free one)')
    .action(
      action(async (opts) => {
        const dir = rendererDir();
        keepTeamSpacesLive();
        if (!existsSync(dir)) throw new SwitchboardError('INTERNAL', 'The UI is not built yet: run `npm run build` first.');
        const port = opts.port === undefined ? 0 : Number(opts.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new SwitchboardError('INVALID_INPUT', '--port takes a port number.');
        await withHome(opts, async (home) => {
          const served = await serve({
            home,
            ...(opts.space ? { spaceRef: opts.space } : {}),
            rendererDir: dir,
            port,
            cliCommand: [process.execPath, process.argv[1] ?? 'switchboard'],
          });
          process.stdout.write(`Switchboard UI: ${served.url}\n`);
          process.stdout.write('Press Ctrl+C to stop. Only this machine can connect; the address works for this launch only.\n');
          await new Promise<void>((resolve) => {
            const stop = (): void => void served.close().then(resolve);
            process.once('SIGINT', stop);
            process.once('SIGTERM', stop);
          });
        });
      }),
    );
}
