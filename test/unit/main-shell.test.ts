// The Electron shell's decisions, proven without a window: src/main's pure functions.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { resolveHomeDir } from '../../src/engine/index.js';
import { cliCommand, gatewayPort, LOCK_EVENTS, onLaunch, onSecondInstance, PRODUCT_NAME, quitWhenAllWindowsClosed, shouldStartGateway } from '../../src/main/lifecycle.js';
import { isOurPage, isTrustedSender, mayOpenExternally, onNavigate, onWindowOpen, rendererSource, type RendererSource } from '../../src/main/trust.js';
import { CONTENT_SECURITY_POLICY, mayGrantPermission, windowOptions, withCsp } from '../../src/main/window-options.js';

const root = join(import.meta.dirname, '..', '..');
const built: RendererSource = { kind: 'file', path: '/opt/Switchboard/resources/app.asar/out/renderer/index.html' };
const dev: RendererSource = { kind: 'url', url: 'http://localhost:5173/' };
const builtUrl = pathToFileURL(built.kind === 'file' ? built.path : '').toString();

describe('our page', () => {
  it('is the built index.html exactly, whatever its query or hash', () => {
    expect(isOurPage(builtUrl, built)).toBe(true);
    expect(isOurPage(`${builtUrl}?x=1#/settings`, built)).toBe(true);
    expect(isOurPage(`${builtUrl}.evil`, built)).toBe(false);
    expect(isOurPage('file:///opt/Switchboard/resources/app.asar/out/renderer/other.html', built)).toBe(false);
    expect(isOurPage('file:///tmp/index.html', built)).toBe(false);
    expect(isOurPage('https://example.com/out/renderer/index.html', built)).toBe(false);
    expect(isOurPage('data:text/html,<p>hi', built)).toBe(false);
    expect(isOurPage('not a url', built)).toBe(false);
    expect(isOurPage(undefined, built)).toBe(false);
  });

  it("is the dev server's origin, not a look-alike host or another port or scheme", () => {
    expect(isOurPage('http://localhost:5173/', dev)).toBe(true);
    expect(isOurPage('http://localhost:5173/src/main.tsx?t=1', dev)).toBe(true);
    expect(isOurPage('http://localhost:5173.attacker.example/', dev)).toBe(false);
    expect(isOurPage('http://localhost:5174/', dev)).toBe(false);
    expect(isOurPage('https://localhost:5173/', dev)).toBe(false);
    expect(isOurPage(builtUrl, dev)).toBe(false);
  });

  it('comes from ELECTRON_RENDERER_URL when electron-vite serves it, else the built file', () => {
    expect(rendererSource({ ELECTRON_RENDERER_URL: 'http://localhost:5173/' }, '/x/index.html')).toEqual(dev);
    expect(rendererSource({}, '/x/index.html')).toEqual({ kind: 'file', path: '/x/index.html' });
  });
});

describe('trusted IPC senders', () => {
  const ours = new Set([7]);
  const sender = { frameUrl: builtUrl, isMainFrame: true, webContentsId: 7 };

  it('are our page, in its main frame, in a window we made', () => {
    expect(isTrustedSender(sender, built, ours)).toBe(true);
  });

  it('are not an iframe in our page, another window, another page, or a frame that is gone', () => {
    expect(isTrustedSender({ ...sender, isMainFrame: false }, built, ours)).toBe(false);
    expect(isTrustedSender({ ...sender, webContentsId: 8 }, built, ours)).toBe(false);
    expect(isTrustedSender({ ...sender, frameUrl: 'https://example.com/' }, built, ours)).toBe(false);
    expect(isTrustedSender({ ...sender, frameUrl: undefined }, built, ours)).toBe(false);
  });
});

describe('links', () => {
  it('may open https anywhere and http on loopback in the system browser', () => {
    for (const url of ['https://slack.com/oauth/v2/authorize?x=1', 'https://docs.github.com/', 'http://127.0.0.1:53682/callback', 'http://localhost:3000/', 'http://[::1]:8080/']) {
      expect(mayOpenExternally(url), url).toBe(true);
    }
  });

  it('may not open other schemes, plain http elsewhere, or URLs carrying credentials', () => {
    for (const url of ['http://example.com/', 'file:///etc/passwd', 'javascript:alert(1)', 'vscode://file/x', 'ms-settings:privacy', 'smb://host/share', 'https://user:pass@example.com/', 'https://token@example.com/', 'not a url', '']) {
      expect(mayOpenExternally(url), url).toBe(false);
    }
  });

  it('never become a new window; allowed ones go to the browser', () => {
    expect(onWindowOpen('https://docs.github.com/')).toEqual({ action: 'deny', openExternally: true });
    expect(onWindowOpen('file:///etc/passwd')).toEqual({ action: 'deny', openExternally: false });
  });

  it('never navigate the window away; an external link goes to the browser instead', () => {
    expect(onNavigate('https://example.com/', built)).toEqual({ action: 'deny', openExternally: true });
    expect(onNavigate(builtUrl, built)).toEqual({ action: 'deny', openExternally: false });
    expect(onNavigate('http://localhost:5173/', dev)).toEqual({ action: 'deny', openExternally: false });
    expect(onNavigate('file:///tmp/x.html', built)).toEqual({ action: 'deny', openExternally: false });
  });
});

describe('the window', () => {
  it('isolates the page: context isolation, the sandbox, no Node anywhere, web security on, our preload', () => {
    const options = windowOptions('/app/out/preload/index.cjs');
    expect(options.show).toBe(false);
    expect(options.webPreferences).toEqual({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    });
  });

  it('has a strict CSP, the same one index.html declares', () => {
    const html = readFileSync(join(root, 'src', 'renderer', 'index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBe(CONTENT_SECURITY_POLICY);
    const directives = Object.fromEntries(CONTENT_SECURITY_POLICY.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
    expect(directives['default-src']).toEqual(["'self'"]);
    expect(directives['script-src']).toEqual(["'self'"]); // no inline script, no eval
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['connect-src']).toEqual(["'self'"]);
  });

  it('sets the CSP on responses, replacing one the response brought', () => {
    expect(withCsp({ 'content-security-policy': ["default-src *"], 'Content-Type': 'text/html' })).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
    expect(withCsp(undefined)).toEqual({ 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  });

  it('grants the page only clipboard writes (its copy buttons)', () => {
    expect(mayGrantPermission('clipboard-sanitized-write')).toBe(true);
    for (const p of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal', 'fullscreen', 'hid', 'serial', 'usb']) expect(mayGrantPermission(p), p).toBe(false);
  });
});

describe('the lifecycle', () => {
  it("is one app per user: a second launch quits and brings the first one's window forward", () => {
    expect(onLaunch(true)).toBe('run');
    expect(onLaunch(false)).toBe('quit');
    expect(onSecondInstance([{ minimized: true }, { minimized: false }])).toBe('restore-and-focus');
    expect(onSecondInstance([{ minimized: false }])).toBe('focus');
    expect(onSecondInstance([])).toBe('open-window');
  });

  it('quits when the last window closes, except on macOS', () => {
    expect(quitWhenAllWindowsClosed('linux')).toBe(true);
    expect(quitWhenAllWindowsClosed('win32')).toBe(true);
    expect(quitWhenAllWindowsClosed('darwin')).toBe(false);
  });

  it("locks every profile on sleep, screen lock and fast user switching, all real events of Electron's powerMonitor", () => {
    expect(LOCK_EVENTS).toEqual(expect.arrayContaining(['suspend', 'lock-screen']));
    const types = readFileSync(join(root, 'node_modules', 'electron', 'electron.d.ts'), 'utf8');
    const powerMonitor = types.slice(types.indexOf('interface PowerMonitor extends'), types.indexOf('interface PowerMonitor extends') + 20_000);
    for (const event of LOCK_EVENTS) expect(powerMonitor, event).toContain(`on(event: '${event}'`);
  });

  it('starts the MCP gateway once a space exists, on SWITCHBOARD_MCP_PORT or a free port', () => {
    expect(shouldStartGateway(0)).toBe(false);
    expect(shouldStartGateway(1)).toBe(true);
    expect(gatewayPort({})).toEqual({ port: 0 });
    expect(gatewayPort({ SWITCHBOARD_MCP_PORT: '' })).toEqual({ port: 0 });
    expect(gatewayPort({ SWITCHBOARD_MCP_PORT: ' 8765 ' })).toEqual({ port: 8765 });
    expect(gatewayPort({ SWITCHBOARD_MCP_PORT: '65535' })).toEqual({ port: 65535 });
    for (const bad of ['65536', 'abc', '-1', '80.5', '1e3', '123456']) {
      expect(gatewayPort({ SWITCHBOARD_MCP_PORT: bad }), bad).toEqual({ error: expect.stringContaining('SWITCHBOARD_MCP_PORT must be a port number') });
    }
  });

  it('keeps its data where the CLI does: the home folder is named after the product, like Electron\'s userData', () => {
    expect(resolveHomeDir({ env: {}, platform: 'linux', userHome: '/home/sarah' })).toBe(`/home/sarah/.config/${PRODUCT_NAME}`);
    expect(resolveHomeDir({ env: { XDG_CONFIG_HOME: '/cfg' }, platform: 'linux', userHome: '/home/sarah' })).toBe(`/cfg/${PRODUCT_NAME}`);
    expect(resolveHomeDir({ env: {}, platform: 'darwin', userHome: '/Users/sarah' })).toBe(`/Users/sarah/Library/Application Support/${PRODUCT_NAME}`);
    expect(resolveHomeDir({ env: { APPDATA: 'C:\\Users\\sarah\\AppData\\Roaming' }, platform: 'win32', userHome: 'C:\\Users\\sarah' })).toContain(PRODUCT_NAME);
  });

  it('launches the CLI through the installed launcher, Node unpackaged, PATH from an AppImage', () => {
    const at = { resourcesPath: '/opt/Switchboard/resources', appPath: '/work/switchboard' };
    expect(cliCommand({ ...at, packaged: false, platform: 'linux' })).toEqual(['node', '/work/switchboard/bin/switchboard.js']);
    expect(cliCommand({ ...at, packaged: true, platform: 'linux' })).toEqual(['/opt/Switchboard/resources/bin/switchboard']);
    expect(cliCommand({ ...at, packaged: true, platform: 'linux', appImage: '/home/sarah/Switchboard.AppImage' })).toEqual(['switchboard']);
    expect(cliCommand({ ...at, resourcesPath: '/Applications/Switchboard.app/Contents/Resources', packaged: true, platform: 'darwin' })).toEqual(['/Applications/Switchboard.app/Contents/Resources/bin/switchboard']);
    expect(cliCommand({ ...at, packaged: true, platform: 'win32' })[0]).toMatch(/bin[\\/]switchboard\.cmd$/);
  });
});

describe('src/main', () => {
  it('imports electron only in index.ts (the wiring); the decisions import at most its types', () => {
    const dir = join(root, 'src', 'main');
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
    expect(files).toContain('index.ts');
    for (const file of files.filter((f) => f !== 'index.ts')) {
      const code = readFileSync(join(dir, file), 'utf8');
      const runtimeImports = [...code.matchAll(/^import\s+(?!type\b)[^;]*from\s+'(electron[^']*)'/gm)].map((m) => m[1]);
      expect(runtimeImports, file).toEqual([]);
    }
  });
});
