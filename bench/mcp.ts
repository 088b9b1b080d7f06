/**
 * MCP benchmarks: `tools/list` with 500 effective actions, and a tool call over Streamable HTTP
 * against the same call straight through the router (interleaved, one run), both reaching the
 * same loopback server.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Catalog, connect, createTenant, enableActions, Home, routerFor, unlockTenant, type ConnectorDefinition } from '../src/engine/index.js';
import { builtinCatalog } from '../src/engine/connectors/catalog.js';
import { startGateway } from '../src/engine/mcp/http-gateway.js';
import { createMcpToken } from '../src/engine/space/mcp-tokens.js';
import { median, row, timeRuns, type Row } from './stats.js';

const PASS = 'correct horse battery staple';

/** 100 connectors × 10 read actions, all shaped like Slack's conversations.list. */
function syntheticCatalog(): Catalog {
  const slack = builtinCatalog().connector('slack');
  const list = slack.actions.find((a) => a.id === 'list_channels')!;
  const defs: ConnectorDefinition[] = [];
  for (let c = 0; c < 100; c++) {
    defs.push({
      ...slack,
      id: `bench${c}`,
      name: `Bench ${c}`,
      auth: [{ type: 'bearer', label: 'Token' }],
      actions: Array.from({ length: 10 }, (_, a) => ({ ...list, id: `list_${a}`, title: `List ${a}`, request: { method: 'GET' as const, path: '/conversations.list' } })),
    });
  }
  return new Catalog([...builtinCatalog().connectors(), ...defs]);
}

export async function benchMcp(root: string): Promise<{ rows: Row[]; notes: string[]; list500: number; list1000: number }> {
  const child = spawn(process.execPath, [join(import.meta.dirname, 'loopback-server.mjs')], { stdio: ['pipe', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))));
  const base = `http://127.0.0.1:${port}/api`;
  const catalog = syntheticCatalog();
  const home = new Home(join(root, 'mcp'), { scryptCost: { N: 2 ** 10, r: 8, p: 1 }, catalog });
  await home.createSpace('Bench');
  const space = await home.openSpace();
  const rows: Row[] = [];
  const notes: string[] = [];
  const lists = { list500: NaN, list1000: NaN };
  try {
    await createTenant(space, { name: 'agent', passphrase: PASS });
    const session = await unlockTenant(space, 'agent', PASS);
    for (const def of catalog.connectors().filter((d) => d.id.startsWith('bench') || d.id === 'slack')) {
      await connect(session, catalog, { connectorId: def.id, authType: 'bearer', credentials: { token: `tok-${def.id}-00000` }, baseUrl: base });
    }
    // 500 tools for this profile (and slack's one), 1,000 for a second one.
    const benchActions = catalog.actions().filter((a) => a.connector.id.startsWith('bench')).map((a) => a.id);
    await enableActions(session, catalog, benchActions.slice(0, 500));
    await createTenant(space, { name: 'agent2', passphrase: PASS });
    const session2 = await unlockTenant(space, 'agent2', PASS);
    for (const def of catalog.connectors().filter((d) => d.id.startsWith('bench'))) {
      await connect(session2, catalog, { connectorId: def.id, authType: 'bearer', credentials: { token: `tok-${def.id}-00000` }, baseUrl: base });
    }
    for (let i = 0; i < benchActions.length; i += 500) await enableActions(session2, catalog, benchActions.slice(i, i + 500));
    await enableActions(session, catalog, ['slack.list_channels']);
    const router = routerFor(space);
    const gateway = await startGateway({ space });
    const { token } = await createMcpToken(space, session);
    const client = new Client({ name: 'bench', version: '1' });
    await client.connect(new StreamableHTTPClientTransport(new URL(gateway.url), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));

    const client2 = new Client({ name: 'bench', version: '1' });
    await client2.connect(new StreamableHTTPClientTransport(new URL(gateway.url), { requestInit: { headers: { authorization: `Bearer ${(await createMcpToken(space, session2)).token}` } } }));
    const tools = (await client.listTools()).tools.length;
    const tools2 = (await client2.listTools()).tools.length;
    const l500 = await timeRuns(30, () => client.listTools());
    const l1000 = await timeRuns(30, () => client2.listTools());
    rows.push(row(`MCP tools/list over HTTP, ${tools} effective actions`, l500, '≤ 3 ms', 'answered from the list built at the current counters'));
    rows.push(row(`MCP tools/list over HTTP, ${tools2} effective actions`, l1000, 'linear beyond 500', `${(median(l1000) / median(l500)).toFixed(2)}× the 500-tool list`));

    const direct = () => router.execute(session, 'slack.list_channels', {}, { via: 'cli' });
    const viaMcp = () => client.callTool({ name: 'slack_list_channels', arguments: {} });
    for (let i = 0; i < 100; i++) {
      await direct();
      await viaMcp();
    }
    const d: number[] = [];
    const m: number[] = [];
    for (let i = 0; i < 500; i++) {
      let t = performance.now();
      await direct();
      d.push(performance.now() - t);
      t = performance.now();
      await viaMcp();
      m.push(performance.now() - t);
    }
    rows.push(row('router call, in process', d, '—'));
    rows.push(row('MCP tool call over HTTP (same action)', m, '≤ 1.3× router', `ratio of medians ${(median(m) / median(d)).toFixed(2)}×`));
    notes.push(`MCP over HTTP adds ${(median(m) - median(d)).toFixed(2)} ms per call (JSON-RPC framing, an HTTP round trip, token check) to a ${median(d).toFixed(2)} ms router call.`);
    await client.close();
    await client2.close();
    await gateway.close();
    lists.list500 = median(l500);
    lists.list1000 = median(l1000);
  } finally {
    await space.close();
    child.kill();
  }
  return { rows, notes, ...lists };
}
