/**
 * The renderer's only way to the engine: the typed client of src/shared/ipc.ts. In Electron the
 * preload provides the raw `window.switchboardBridge` it is built on; in a browser (`switchboard serve`) it is carried
 * over HTTP to the same handlers, with the launch token (from the address's fragment, kept in
 * this tab's sessionStorage) as a bearer header: never a cookie, which other local ports would get.
 */
import { fromErrorShape } from '../../shared/errors';
import type { ChannelName, EventMap, EventName, InputOf, OutputOf, RpcResult, SwitchboardBridge, SwitchboardClient } from '../../shared/ipc';
import { EVENT_NAMES } from '../../shared/ipc-names';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in a browser. */
    switchboardBridge?: SwitchboardBridge;
  }
}

/** True in the desktop app (Electron), false in a browser through `switchboard serve`. */
export const isDesktop = window.switchboardBridge !== undefined;

function bridgeClient(bridge: SwitchboardBridge): SwitchboardClient {
  return {
    async invoke<K extends ChannelName>(channel: K, input?: InputOf<K>): Promise<OutputOf<K>> {
      const result = (await bridge.invoke(channel, input ?? null)) as RpcResult<OutputOf<K>>;
      if (!result.ok) throw fromErrorShape(result.error);
      return result.value;
    },
    on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void {
      return bridge.on(event, listener as (payload: unknown) => void);
    },
  };
}

const TOKEN_KEY = 'switchboard.launchToken';

/** The launch token: moved from the address's fragment (`#token=…`) into this tab's sessionStorage. */
function launchToken(): string {
  const fromHash = /^#token=([\w-]+)$/.exec(window.location.hash)?.[1];
  if (fromHash) {
    window.sessionStorage.setItem(TOKEN_KEY, fromHash);
    window.history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  return window.sessionStorage.getItem(TOKEN_KEY) ?? '';
}

/** Read a server-sent event stream from a fetch body (EventSource cannot send the bearer header). */
async function readEvents(body: ReadableStream<Uint8Array>, onEvent: (name: string, data: string) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const name = /^event: (.+)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (name && data !== undefined) onEvent(name, data);
    }
  }
}

function httpClient(): SwitchboardClient {
  const token = launchToken();
  const auth = { authorization: `Bearer ${token}` };
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  let streaming = false;
  const ensureEvents = (): void => {
    if (streaming) return;
    streaming = true;
    const connect = (delayMs: number): void => {
      void fetch('/events', { headers: auth, cache: 'no-store' })
        .then(async (res) => {
          if (!res.ok || !res.body) throw new Error(`events: ${res.status}`);
          await readEvents(res.body, (name, data) => {
            if (!(EVENT_NAMES as readonly string[]).includes(name)) return;
            const payload = JSON.parse(data) as unknown;
            for (const listener of listeners.get(name as EventName) ?? []) listener(payload);
          });
        })
        .catch(() => undefined)
        // The stream ended (server restart, sleep): reconnect, backing off to 10 s.
        .finally(() => setTimeout(() => connect(Math.min(delayMs * 2, 10_000)), delayMs));
    };
    connect(500);
  };
  return {
    async invoke<K extends ChannelName>(channel: K, input?: InputOf<K>): Promise<OutputOf<K>> {
      const res = await fetch('/rpc', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth },
        credentials: 'omit',
        body: JSON.stringify({ channel, input: input ?? null }),
      });
      if (res.status === 401 || res.status === 403) {
        throw fromErrorShape({ code: 'POLICY_DENIED', message: 'This page is not authorised. Open the address printed by `switchboard serve`.' });
      }
      const result = (await res.json()) as RpcResult<OutputOf<K>>;
      if (!result.ok) throw fromErrorShape(result.error);
      return result.value;
    },
    on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void {
      ensureEvents();
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as (payload: unknown) => void);
      return () => set.delete(listener as (payload: unknown) => void);
    },
  };
}

export const api: SwitchboardClient = window.switchboardBridge ? bridgeClient(window.switchboardBridge) : httpClient();
