/**
 * Switchboard's MCP gateway against the peer a user would otherwise run (bench/peer-mcp-server.ts:
 * the same SDK, one tool making the same request directly), over Streamable HTTP and over stdio,
 * each server in its own process, calls interleaved in one run.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { builtinCatalog, connect, createTenant, enableActions, Home, unlockTenant } from '../src/engine/index.js';
import { createMcpToken } from '../src/engine/space/mcp-tokens.js';
import { median, row, type Row } from './stats.js';
import type { Target } from './targets.js';

const PASS = 'correct horse battery staple';
const ROOT = join(import.meta.dirname, '..');
const CLI = join(ROOT, 'bin', 'switchboard.js');
const PEER = join(import.meta.dirname, 'peer-mcp-server.ts');

/** Start a child that prints a line matching `pattern` when ready; returns the match and a stop. */
async function child(args: string[], env: NodeJS.ProcessEnv, pattern: RegExp): Promise<{ match: string; stop: () => void }> {
  const proc = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'inherit'] });
  const match = await new Promise<string>((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = pattern.exec(out);
      if (m) resolve(m[1]!);
    });
    proc.once('exit', (code) => reject(new Error(`${args.join(' ')} exited (${code}) before it was ready`)));
  });
  return { match, stop: () => proc.kill() };
}

async function interleave(a: () => Promise<unknown>, b: () => Promise<unknown>, warm: number, runs: number): Promise<[number[], number[]]> {
  for (let i = 0; i < warm; i++) {
    await a();
    await b();
  }
  const sa: number[] = [];
  const sb: number[] = [];
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    await a();
    sa.push(performance.now() - t);
    t = performance.now();
    await b();
    sb.push(performance.now() - t);
  }
  return [sa, sb];
}

export async function benchMcpPeer(root: string, base: string): Promise<{ rows: Row[]; targets: Target[] }> {
  const rows: Row[] = [];
  const targets: Target[] = [];
  const homeDir = join(root, 'mcp-peer');
  const home = new Home(homeDir, { scryptCost: { N: 2 ** 10, r: 8, p: 1 } });
  await home.createSpace('Peer');
  const space = await home.openSpace();
  await createTenant(space, { name: 'Sarah', passphrase: PASS });
  const session = await unlockTenant(space, 'Sarah', PASS);
  const catalog = builtinCatalog();
  const providerToken = 'xoxb-peer-0000000000';
  await connect(session, catalog, { connectorId: 'slack', authType: 'bearer', credentials: { token: providerToken }, baseUrl: base });
  await enableActions(session, catalog, ['slack.list_channels']);
  const { token } = await createMcpToken(space, session);
  await space.close();

  const stops: (() => void)[] = [];
  const clients: Client[] = [];
  try {
    const env = { ...process.env, SWITCHBOARD_PASSPHRASE: PASS };
    // Over Streamable HTTP.
    const gateway = await child([CLI, 'mcp', 'serve', '--home', homeDir], env, /Switchboard MCP: (\S+)/);
    stops.push(gateway.stop);
    const peer = await child(['--import', 'tsx', PEER, 'http', base, providerToken], env, /(http:\S+)/);
    stops.push(peer.stop);
    const ours = new Client({ name: 'bench', version: '1' });
    await ours.connect(new StreamableHTTPClientTransport(new URL(gateway.match), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
    const theirs = new Client({ name: 'bench', version: '1' });
    await theirs.connect(new StreamableHTTPClientTransport(new URL(peer.match)));
    clients.push(ours, theirs);
    const call = (c: Client) => () => c.callTool({ name: 'slack_list_channels', arguments: {} });
    const [g, p] = await interleave(call(ours), call(theirs), 200, 500);
    rows.push(row('MCP tool call over HTTP, peer MCP server (same SDK, direct request)', p, '—'));
    rows.push(row('MCP tool call over HTTP, Switchboard gateway', g, '≤ 1.0× peer', `${(median(g) / median(p)).toFixed(2)}×`));

    // Over stdio: each client spawns its server, as an MCP client config would.
    const oursStdio = new Client({ name: 'bench', version: '1' });
    await oursStdio.connect(new StdioClientTransport({ command: process.execPath, args: [CLI, 'mcp', 'stdio', '--tenant', 'Sarah', '--home', homeDir], env: { PATH: process.env.PATH ?? '', SWITCHBOARD_PASSPHRASE: PASS } }));
    const theirsStdio = new Client({ name: 'bench', version: '1' });
    await theirsStdio.connect(new StdioClientTransport({ command: process.execPath, args: ['--import', 'tsx', PEER, 'stdio', base, providerToken], cwd: ROOT, env: { PATH: process.env.PATH ?? '' } }));
    clients.push(oursStdio, theirsStdio);
    const [gs, ps] = await interleave(call(oursStdio), call(theirsStdio), 200, 500);
    rows.push(row('MCP tool call over stdio, peer MCP server', ps, '—'));
    rows.push(row('MCP tool call over stdio, Switchboard', gs, '≤ 1.0× peer', `${(median(gs) / median(ps)).toFixed(2)}×`));
    targets.push({
      measure: 'MCP tool call, Switchboard vs a minimal MCP server on the same SDK making the request directly',
      figure: `HTTP ${(median(g) / median(p)).toFixed(2)}× (${median(g).toFixed(2)} vs ${median(p).toFixed(2)} ms); stdio ${(median(gs) / median(ps)).toFixed(2)}× (${median(gs).toFixed(2)} vs ${median(ps).toFixed(2)} ms)`,
      target: '≤ 1.0× over HTTP and stdio',
      met: median(g) <= median(p) && median(gs) <= median(ps),
    });
  } finally {
    for (const c of clients) await c.close().catch(() => undefined);
    for (const stop of stops) stop();
  }
  return { rows, targets };
}
