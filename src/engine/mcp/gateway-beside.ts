/**
 * The MCP HTTP gateway that runs beside a UI (`switchboard serve`, as the desktop app runs one):
 * started at once when the home has a space, else as soon as one is made (the first run creates
 * it in the page), so the AI clients page always has a live address to show.
 */
import type { Home } from '../space/home.js';
import { startGateway, type Gateway } from './http-gateway.js';

export interface GatewayBeside {
  /** The gateway's address, once it runs. */
  url(): string | undefined;
  close(): Promise<void>;
}

export function gatewayBeside(home: Home, options: { port: number; spaceRef?: string; checkMs?: number; onStart?: (url: string) => void; onError?: (err: unknown) => void }): GatewayBeside {
  let gateway: Gateway | undefined;
  let starting: Promise<void> | undefined;
  let closed = false;
  const tryStart = (): Promise<void> =>
    (starting ??= (async () => {
      if (gateway || closed || (await home.listSpaces()).length === 0) return;
      const space = await home.openSpace(options.spaceRef);
      const started = await startGateway({ space, port: options.port });
      if (closed) return void (await started.close());
      gateway = started;
      clearInterval(timer);
      options.onStart?.(started.url);
    })()
      .catch((err: unknown) => {
        clearInterval(timer); // a port taken or a damaged space: say so once, do not retry
        options.onError?.(err);
      })
      .finally(() => {
        starting = undefined;
      }));
  const timer = setInterval(() => void tryStart(), options.checkMs ?? 1000);
  timer.unref();
  void tryStart();
  return {
    url: () => gateway?.url,
    close: async () => {
      closed = true;
      clearInterval(timer);
      await starting;
      await gateway?.close();
    },
  };
}
