/**
 * The renderer's only way to the engine: the typed client of src/shared/ipc.ts. In Electron the
 * preload provides the raw `window.switchboardBridge` it is built on; in a browser (`switchboard serve`) it is carried
 * over HTTP to the same handlers, authenticated by the launch cookie.
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

function httpClient(): SwitchboardClient {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  let source: EventSource | undefined;
  const ensureEvents = (): void => {
    if (source) return;
    source = new EventSource('/events');
    for (const name of EVENT_NAMES) {
      source.addEventListener(name, (event) => {
        const payload = JSON.parse((event as MessageEvent<string>).data) as unknown;
        for (const listener of listeners.get(name) ?? []) listener(payload);
      });
    }
  };
  return {
    async invoke<K extends ChannelName>(channel: K, input?: InputOf<K>): Promise<OutputOf<K>> {
      const res = await fetch('/rpc', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        credentials: 'same-origin',
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
