/**
 * Electron main: wires the shell's decisions to Electron's APIs, and nothing else. Every decision
 * (who may call the engine, which links leave the app, the window's preferences and CSP, the
 * keychain file, single instance, the gateway's port, when to lock) is a pure function in
 * trust.ts, window-options.ts, lifecycle.ts and keychain.ts, tested without a window.
 */
import { app, BrowserWindow, ipcMain, Notification, powerMonitor, safeStorage, session, shell, type IpcMainInvokeEvent } from 'electron';
import { join } from 'node:path';
import { Home, resolveHomeDir, team } from '../engine/index.js';
import { startGateway, type Gateway } from '../engine/mcp/http-gateway.js';
import { UiSession, type Keychain } from '../engine/rpc/ui-session.js';
import { CHANNEL_NAMES, EVENT_NAMES, ipcChannel, ipcEventChannel } from '../shared/ipc-names.js';
import { approvalNotice } from './approval-notice.js';
import { fileKeychain } from './keychain.js';
import { cliCommand, gatewayPort, LOCK_EVENTS, onLaunch, onSecondInstance, PRODUCT_NAME, quitWhenAllWindowsClosed, shouldStartGateway } from './lifecycle.js';
import { isTrustedSender, mayOpenExternally, onNavigate, onWindowOpen, rendererSource, type LinkDecision } from './trust.js';
import { mayGrantPermission, windowOptions, withCsp } from './window-options.js';

app.setName(PRODUCT_NAME);
const source = rendererSource(process.env, join(__dirname, '../renderer/index.html'));
// The same data home as the CLI (SWITCHBOARD_HOME, else the platform's app-data folder).
// Team spaces stay in sync while the app runs (src/engine/team).
const home = new Home(resolveHomeDir(), team.teamOptions({ live: true }));

/** One UI session (which profile is unlocked) per window, by its web contents id. */
const sessions = new Map<number, UiSession>();
let gateway: Gateway | undefined;
let keychain: Keychain | undefined;

async function startMcpGateway(): Promise<void> {
  if (!shouldStartGateway((await home.listSpaces()).length)) return;
  const choice = gatewayPort(process.env);
  if ('error' in choice) {
    console.error(choice.error);
    return;
  }
  // The same space the windows show (the home's only one), shared with them in this process.
  gateway = await startGateway({ space: await home.openSpace(), port: choice.port });
}

function follow(decision: LinkDecision, url: string): void {
  if (decision.openExternally) void shell.openExternal(url);
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow(windowOptions(join(__dirname, '../preload/index.cjs')));
  const ui = new UiSession({
    home,
    openExternal: (url) => mayOpenExternally(url) && void shell.openExternal(url),
    cliCommand: cliCommand({ packaged: app.isPackaged, platform: process.platform, resourcesPath: process.resourcesPath, appPath: app.getAppPath(), appImage: process.env.APPIMAGE }),
    ...(gateway ? { mcpUrl: gateway.url } : {}),
    ...(keychain ? { keychain } : {}),
  });
  const id = win.webContents.id;
  sessions.set(id, ui);
  for (const name of EVENT_NAMES) ui.on(name, (payload) => !win.isDestroyed() && win.webContents.send(ipcEventChannel(name), payload));
  // An agent's call waits for this window's profile: tell the person when the window is not in front.
  const notified = new Set<string>();
  ui.on('approvals', (request) => {
    const notice = approvalNotice(request, { windowFocused: !win.isDestroyed() && win.isFocused(), alreadyNotified: notified });
    if (!notice || !Notification.isSupported()) return;
    notified.add(request.id);
    const shown = new Notification({ title: notice.title, body: notice.body });
    shown.on('click', () => !win.isDestroyed() && (win.show(), win.focus()));
    shown.show();
  });
  win.on('closed', () => {
    sessions.delete(id);
    void ui.close();
  });
  win.once('ready-to-show', () => win.show());
  win.webContents.on('will-navigate', (event) => {
    event.preventDefault();
    follow(onNavigate(event.url, source), event.url);
  });
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
  win.webContents.setWindowOpenHandler(({ url }) => {
    const decision = onWindowOpen(url);
    follow(decision, url);
    return { action: decision.action };
  });
  if (source.kind === 'url') void win.loadURL(source.url);
  else void win.loadFile(source.path);
  return win;
}

function sessionFor(event: IpcMainInvokeEvent): UiSession | undefined {
  const frame = event.senderFrame;
  const facts = { frameUrl: frame?.url, isMainFrame: frame !== null && frame.parent === null, webContentsId: event.sender.id };
  return isTrustedSender(facts, source, sessions) ? sessions.get(event.sender.id) : undefined;
}

for (const channel of CHANNEL_NAMES) {
  ipcMain.handle(ipcChannel(channel), async (event, input: unknown) => {
    const ui = sessionFor(event);
    if (!ui) return { ok: false, error: { code: 'POLICY_DENIED', message: 'This window may not call Switchboard.' } };
    return ui.handle(channel, input);
  });
}

if (onLaunch(app.requestSingleInstanceLock()) === 'quit') {
  app.quit();
} else {
  app.on('second-instance', () => {
    const windows = BrowserWindow.getAllWindows();
    const action = onSecondInstance(windows.map((w) => ({ minimized: w.isMinimized() })));
    const [win] = windows;
    if (action === 'open-window') {
      if (app.isReady()) createWindow();
    } else if (win) {
      if (action === 'restore-and-focus') win.restore();
      win.focus();
    }
  });
  void app.whenReady().then(async () => {
    session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) => callback(mayGrantPermission(permission)));
    session.defaultSession.setPermissionCheckHandler((_contents, permission) => mayGrantPermission(permission));
    session.defaultSession.webRequest.onHeadersReceived((details, callback) => callback({ responseHeaders: withCsp(details.responseHeaders) }));
    keychain = await fileKeychain(home.dir, safeStorage, process.platform);
    await startMcpGateway().catch((err: unknown) => console.error(`The MCP gateway did not start: ${err instanceof Error ? err.message : String(err)}`));
    createWindow();
    const lockAll = (): void => {
      for (const ui of sessions.values()) void ui.lock('system');
    };
    for (const event of LOCK_EVENTS) powerMonitor.on(event as 'suspend', lockAll);
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
    if (quitWhenAllWindowsClosed(process.platform)) app.quit();
  });
}
