// Attack 9 and 10: MCP HTTP sessions that never end, polling that keeps a vault awake, a token's
// expiry removed in the registry, and the bearer scheme in lower case.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterEach, describe, expect, it } from 'vitest';
import { startGateway, type Gateway } from '../../src/engine/mcp/http-gateway.js';
import { createMcpToken } from '../../src/engine/space/mcp-tokens.js';
import { world, type World } from '../integration/router-helpers.js';
import { editRegistry } from './attacker.js';

let w: World;
const gateways: Gateway[] = [];
const clients: Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close().catch(() => undefined);
  for (const g of gateways.splice(0)) await g.close();
  await w?.close();
});

async function gateway(options: Partial<Parameters<typeof startGateway>[0]> = {}): Promise<Gateway> {
  const g = await startGateway({ space: w.space, maxLifetimeMs: 60_000, ...options });
  gateways.push(g);
  return g;
}

async function client(g: Gateway, token: string): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
  const transport = new StreamableHTTPClientTransport(new URL(g.url), { requestInit: { headers: { authorization: `Bearer ${token}` } } });
  const c = new Client({ name: 'agent', version: '1' });
  await c.connect(transport);
  clients.push(c);
  return { client: c, transport };
}

const INIT = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } };
const post = (g: Gateway, authorization: string) =>
  fetch(g.url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization }, body: JSON.stringify(INIT) });

describe('MCP HTTP sessions', () => {
  it('end after an idle time, and the client that went away leaves nothing behind', async () => {
    w = await world();
    const g = await gateway({ sessionIdleMs: 300 });
    const { token } = await createMcpToken(w.space, w.sarah);
    await client(g, token); // the SDK client's close() sends no DELETE: abandoned here
    await client(g, token);
    expect(g.sessionCount).toBe(2);
    await expect.poll(() => g.sessionCount, { timeout: 5000 }).toBe(0);
  });

  it('keep at most a few per token: opening one more ends the longest idle', async () => {
    w = await world();
    const g = await gateway({ maxSessionsPerToken: 3 });
    const { token } = await createMcpToken(w.space, w.sarah);
    const first = await client(g, token);
    for (let i = 0; i < 3; i++) await client(g, token);
    expect(g.sessionCount).toBe(3);
    await expect(first.client.listTools()).rejects.toThrow();
  });

  it('end on DELETE', async () => {
    w = await world();
    const g = await gateway();
    const { token } = await createMcpToken(w.space, w.sarah);
    const { transport } = await client(g, token);
    await transport.terminateSession();
    expect(g.sessionCount).toBe(0);
  });

  it("poll for changes without keeping the vault awake: the profile's auto-lock holds", async () => {
    let now = Date.now();
    w = await world({}, { now: () => now });
    const g = await gateway({ pollMs: 50 });
    const { token } = await createMcpToken(w.space, w.sarah);
    await w.sarah.lock(); // the gateway opens its own session with the token
    await client(g, token);
    const session = w.space.openSessions.find((s) => s.name === 'Sarah')!;
    const idleBefore = session.idleMs;
    now += 10 * 60_000;
    await new Promise((resolve) => setTimeout(resolve, 300)); // several polls run meanwhile
    expect(session.idleMs).toBeGreaterThanOrEqual(idleBefore + 10 * 60_000);
  });

  it("holds a token to the expiry its wrap is bound to: removing it in the registry brings nothing back", async () => {
    let now = Date.now();
    w = await world({}, { now: () => now });
    const g = await gateway();
    const { token, id } = await createMcpToken(w.space, w.sarah, { expiresDays: 1 });
    await w.sarah.lock();
    expect((await post(g, `Bearer ${token}`)).status).toBe(200);
    now += 2 * 86_400_000;
    await editRegistry(w.space, 'UPDATE mcp_token SET expires_at = NULL WHERE id = ?', [id]);
    expect((await post(g, `Bearer ${token}`)).status).toBe(401); // the open session is held to its bound expiry
    await g.close();
    const fresh = await gateway(); // a new gateway must unwrap again: the wrap no longer opens
    expect((await post(fresh, `Bearer ${token}`)).status).toBe(401);
  });

  it('takes the bearer scheme in any case', async () => {
    w = await world();
    const g = await gateway();
    const { token } = await createMcpToken(w.space, w.sarah);
    expect((await post(g, `bearer ${token}`)).status).toBe(200);
    expect((await post(g, `BEARER ${token}`)).status).toBe(200);
  });
});
