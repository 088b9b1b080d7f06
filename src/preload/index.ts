/**
 * The sandboxed preload: exposes `window.switchboardBridge`, built from the contract's channel
 * names — never ipcRenderer itself. Bundled as CommonJS (a sandboxed preload cannot load ES
 * modules) and free of dependencies beyond electron and the name list.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CHANNEL_NAMES, EVENT_NAMES, ipcChannel, ipcEventChannel } from '../shared/ipc-names';

const channels = new Set<string>(CHANNEL_NAMES);
const events = new Set<string>(EVENT_NAMES);

contextBridge.exposeInMainWorld(
  'switchboardBridge',
  Object.freeze({
    invoke(channel: string, input: unknown): Promise<unknown> {
      if (!channels.has(channel)) {
        return Promise.resolve({ ok: false, error: { code: 'NOT_FOUND', message: `There is no channel ${JSON.stringify(String(channel))}.` } });
      }
      return ipcRenderer.invoke(ipcChannel(channel), input);
    },
    on(event: string, listener: (payload: unknown) => void): () => void {
      if (!events.has(event)) return () => undefined;
      const wrapped = (_e: IpcRendererEvent, payload: unknown): void => listener(payload);
      ipcRenderer.on(ipcEventChannel(event), wrapped);
      return () => ipcRenderer.removeListener(ipcEventChannel(event), wrapped);
    },
  }),
);
