/**
 * Custom connectors: importing a 1,000-operation OpenAPI document (parse, validate, resolve, map,
 * check every schema; then the admin's save, which signs it) and listing its tools over MCP once a
 * profile has enabled all 1,000 (in process, the SDK's client on linked transports).
 */
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { createTenant, Home, invoke, OPS, unlockTenant } from '../src/engine/index.js';
import { importOpenApi } from '../src/engine/connectors/openapi/import-openapi.js';
import { createMcpServer } from '../src/engine/mcp/mcp-server.js';
import { largeDocument } from '../test/fixtures/openapi/large.js';
import { row, timeRuns, type Row } from './stats.js';

const PASS = 'correct horse battery staple';

export async function benchOpenApi(root: string): Promise<{ rows: Row[]; notes: string[] }> {
  const text = JSON.stringify(largeDocument(1000));
  const rows: Row[] = [];
  rows.push(row('OpenAPI import, 1,000 operations: parse → checked connector', await timeRuns(5, () => importOpenApi({ text, name: 'large.json' }, { id: 'large' })), '—', `${(text.length / 1024).toFixed(0)} KB of JSON; swagger-parser validation, mapping, every schema compiled`));

  const home = new Home(join(root, 'openapi'), { scryptCost: { N: 2 ** 10, r: 8, p: 1 } });
  await home.createSpace('Bench');
  const space = await home.openSpace();
  try {
    await createTenant(space, { name: 'admin', passphrase: PASS });
    await createTenant(space, { name: 'agent', passphrase: PASS });
    const admin = await unlockTenant(space, 'admin', PASS);
    const ctx = { space, session: admin, via: 'cli' };
    rows.push(
      row(
        '`connector import`, 1,000 operations (engine, saved and signed)',
        await timeRuns(3, (i) => invoke(OPS['admin.importOpenApi'], ctx, { source: { text, name: 'large.json' }, id: 'large', name: `Large ${i}`, confirm: true })),
        '—',
        'import as above, then the diff, the row and the policy signature in one transaction',
      ),
    );
    const agent = await unlockTenant(space, 'agent', PASS);
    const actx = { space, session: agent, via: 'cli' };
    await invoke(OPS['connections.connect'], actx, { connectorId: 'large', authType: 'none', credentials: {}, baseUrl: 'http://127.0.0.1:9' }).catch(() => undefined);
    const ids = (await invoke(OPS['catalog.show'], actx, { connectorId: 'large' })).actions.map((a) => a.id);
    for (let i = 0; i < ids.length; i += 500) await invoke(OPS['actions.setEnabled'], actx, { actionIds: ids.slice(i, i + 500), enabled: true, mode: 'allow' });
    const { server, close } = createMcpServer({ space, session: agent, pollMs: 60_000 });
    const [ct, st] = InMemoryTransport.createLinkedPair();
    await server.connect(st);
    const client = new Client({ name: 'bench', version: '1' });
    await client.connect(ct);
    const count = (await client.listTools()).tools.length;
    rows.push(row(`MCP tools/list, ${count} imported tools (in process)`, await timeRuns(20, () => client.listTools()), '—', 'each with its input and output schema'));
    await client.close();
    await close();
    return { rows, notes: [] };
  } finally {
    await space.close();
    await home.close();
  }
}
