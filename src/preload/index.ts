/**
 * The sandboxed preload: the only bridge between the page and main. It exposes a typed client
 * built from src/shared (the desktop issue adds the IPC contract); never ipcRenderer itself.
 */
import { contextBridge } from 'electron';

contextBridge.exposeInMainWorld('switchboard', Object.freeze({ apiVersion: 1 }));
