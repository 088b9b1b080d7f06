/**
 * Electron main: lifecycle, the window, and binding the engine's UI handlers to IPC. Everything
 * testable lives in src/engine; this file only wires it to Electron.
 */
import { app, BrowserWindow, ipcMain, powerMonitor, safeStorage, shell, type IpcMainInvokeEvent } from 'electron';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Home } from '../engine/index.js';
import { startGateway, type Gateway } from '../engine/mcp/http-gateway.js';
import { UiSession, type Keychain } from '../engine/rpc/ui-session.js';
import { CHANNEL_NAMES, EVENT_NAMES, ipcChannel, ipcEventChannel } from '../shared/ipc-names.js';

/** Links the app may hand to the system browser: provider sign-in pages and docs, loopback for local test servers. */
function mayOpenExternally(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || (u.protocol === 'http:' && (u.hostname === '127.0.0.1' || u.hostname === 'localhost'));
  } catch {
    return false;
  }
}

const rendererUrl = process.env.ELECTRON_RENDERER_URL;
const rendererFile = join(__dirname, '../renderer/index.html');
const trustedPrefix = rendererUrl ?? pathToFileURL(rendererFile).toString();

const home = new Home(process.env.SWITCHBOARD_HOME ?? app.getPath('userData'));
/** Quick-unlock secrets, encrypted by the OS keychain (safeStorage), one file per tenant. */
function osKeychain(): Keychain | undefined {
  if (!safeStorage.isEncryptionAvailable()) return undefined;
  const dir = join(app.getPath('userData'), 'quick-unlock');
  const file = (tenantId: string): string => join(dir, `${tenantId.replace(/[^a-z0-9_]/g, '')}.bin`);
  return {
    async store(tenantId, secret) {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await writeFile(file(tenantId), safeStorage.encryptString(secret.toString('base64')), { mode: 0o600 });
    },
    async load(tenantId) {
      try {
        return Buffer.from(safeStorage.decryptString(await readFile(file(tenantId))), 'base64');
      } catch {
        return undefined; // no entry, or the keychain changed: the passphrase still works
      }
    },
    async remove(tenantId) {
      await rm(file(tenantId), { force: true });
    },
  };
}

/** One UI session (which profile is unlocked) per window. */
const sessions = new Map<number, UiSession>();
/** The MCP gateway runs while the app runs (127.0.0.1; SWITCHBOARD_MCP_PORT, else a free port). */
let gateway: Gateway | undefined;
let keychain: Keychain | undefined;

async function startMcpGateway(): Promise<void> {
  const spaces = await home.listSpaces();
  if (spaces.length === 0) return; // no profile yet: `switchboard mcp serve` covers later starts
  // The same space the windows show (the home's only one), shared with them in this process.
  const space = await home.openSpace();
  gateway = await startGateway({ space, port: Number(process.env.SWITCHBOARD_MCP_PORT ?? 0) });
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1200,
    height: 800,
    show: false,
    title: 'Switchboard',
    webPreferences: {
      preload: join(__dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  const ui = new UiSession({
    home,
    openExternal: (url) => mayOpenExternally(url) && void shell.openExternal(url),
    // The CLI runs under Node, not under Electron's own binary.
    cliCommand: ['node', join(app.getAppPath(), 'bin', 'switchboard.js')],
    ...(gateway ? { mcpUrl: gateway.url } : {}),
    ...(keychain ? { keychain } : {}),
  });
  const id = win.webContents.id;
  sessions.set(id, ui);
  for (const name of EVENT_NAMES) ui.on(name, (payload) => !win.isDestroyed() && win.webContents.send(ipcEventChannel(name), payload));
  win.on('closed', () => {
    sessions.delete(id);
    void ui.close();
  });
  win.once('ready-to-show', () => win.show());
  win.webContents.on('will-navigate', (event) => event.preventDefault());
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (mayOpenExternally(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  if (rendererUrl) void win.loadURL(rendererUrl);
  else void win.loadFile(rendererFile);
  return win;
}

/** Only our own page, in a window we made, may call the engine. */
function sessionFor(event: IpcMainInvokeEvent): UiSession | undefined {
  const frameUrl = event.senderFrame?.url ?? '';
  if (!frameUrl.startsWith(trustedPrefix)) return undefined;
  return sessions.get(event.sender.id);
}

for (const channel of CHANNEL_NAMES) {
  ipcMain.handle(ipcChannel(channel), async (event, input: unknown) => {
    const ui = sessionFor(event);
    if (!ui) return { ok: false, error: { code: 'POLICY_DENIED', message: 'This window may not call Switchboard.' } };
    return ui.handle(channel, input);
  });
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.setName('Switchboard');
  app.on('second-instance', () => {
    const [win] = BrowserWindow.getAllWindows();
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  void app.whenReady().then(async () => {
    keychain = osKeychain();
    await startMcpGateway().catch(() => undefined);
    createWindow();
    // Lock every profile when the machine sleeps or the screen locks.
    const lockAll = (): void => {
      for (const ui of sessions.values()) void ui.lock('system');
    };
    powerMonitor.on('suspend', lockAll);
    powerMonitor.on('lock-screen', lockAll);
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow();
    });
  });
  app.once('will-quit', () => {
    void (async () => {
      await gateway?.close();
      await home.close();
    })();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
