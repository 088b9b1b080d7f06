// `switchboard serve` runs the MCP HTTP gateway beside the UI, as the desktop app does: at once
// when the home has a space, else as soon as the first run makes one; `--no-mcp` turns it off.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, PASS_SARAH, removeDir, runCli, tempDir } from '../helpers.js';

let dir: string | undefined;
let child: ChildProcess | undefined;
afterEach(async () => {
  child?.kill('SIGTERM');
  child = undefined;
  if (dir) await removeDir(dir);
});

/** Start `switchboard serve` and collect its output; it stops by itself with the test at the latest. */
function serve(home: string, extra: string[] = []): { lines: () => string; waitFor: (re: RegExp, ms?: number) => Promise<RegExpExecArray> } {
  let out = '';
  child = spawn(process.execPath, [CLI, 'serve', '--home', home, ...extra], { env: { PATH: process.env.PATH ?? '', HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const killer = setTimeout(() => child?.kill('SIGKILL'), 60_000);
  killer.unref();
  return {
    lines: () => out,
    waitFor: async (re, ms = 20_000) => {
      const deadline = Date.now() + ms;
      for (;;) {
        const m = re.exec(out);
        if (m) return m;
        if (Date.now() > deadline) throw new Error(`no ${re} within ${ms} ms; output:\n${out}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
  };
}

describe('switchboard serve and the MCP gateway', () => {
  it('starts the gateway once the first run has made the space, and agents reach the profile through it', async () => {
    dir = await tempDir('sb-serve-mcp-');
    const home = join(dir, 'home');
    const served = serve(home);
    await served.waitFor(/Switchboard UI: http:\/\/127\.0\.0\.1:\d+/);
    expect(served.lines()).not.toMatch(/Switchboard MCP:/); // no space yet: nothing to serve
    // The first run, here from the CLI (the page does the same through the UI session).
    expect((await runCli(['space', 'create', '--name', 'Acme', '--home', home])).code).toBe(0);
    expect((await runCli(['tenant', 'create', '--name', 'Sarah', '--home', home], { env: { SWITCHBOARD_PASSPHRASE: PASS_SARAH } })).code).toBe(0);
    const [, url] = await served.waitFor(/Switchboard MCP: (http:\/\/127\.0\.0\.1:\d+\/mcp)/);
    const made = await runCli(['mcp', 'token', 'create', '--json', '--tenant', 'Sarah', '--home', home], { env: { SWITCHBOARD_PASSPHRASE: PASS_SARAH } });
    expect(made.code, made.stderr).toBe(0);
    const { token } = JSON.parse(made.stdout) as { token: string };
    const client = new Client({ name: 'serve-test', version: '1' });
    await client.connect(new StreamableHTTPClientTransport(new URL(url!), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
    expect(Array.isArray((await client.listTools()).tools)).toBe(true);
    await client.close();
  });

  it('runs no gateway with --no-mcp', async () => {
    dir = await tempDir('sb-serve-mcp-');
    const home = join(dir, 'home');
    expect((await runCli(['space', 'create', '--name', 'Acme', '--home', home])).code).toBe(0);
    const served = serve(home, ['--no-mcp']);
    await served.waitFor(/Switchboard UI: /);
    await new Promise((r) => setTimeout(r, 1500)); // longer than the gateway's check interval
    expect(served.lines()).not.toMatch(/Switchboard MCP:/);
  });
});
