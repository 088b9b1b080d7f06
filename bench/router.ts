/**
 * Router benchmarks: overhead against a direct request to the same loopback server (one run,
 * interleaved), and throughput with 1 and with 100 tenants unlocked and calling concurrently.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { builtinCatalog, connect, createTenant, enableActions, Home, routerFor, unlockTenant, type TenantSession } from '../src/engine/index.js';
import { median, row, type Row } from './stats.js';

const PASS = 'correct horse battery staple';
const CHEAP = { N: 2 ** 10, r: 8, p: 1 };

export async function startServer(): Promise<{ port: number; stop: () => void }> {
  const child = spawn(process.execPath, [join(import.meta.dirname, 'loopback-server.mjs')], { stdio: ['pipe', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
    child.once('error', reject);
  });
  return { port, stop: () => child.kill() };
}

export async function benchRouter(root: string): Promise<{ rows: Row[]; notes: string[]; ratio: number }> {
  const rows: Row[] = [];
  const notes: string[] = [];
  const out = { ratio: NaN };
  const server = await startServer();
  const base = `http://127.0.0.1:${server.port}/api`;
  const catalog = builtinCatalog();
  const home = new Home(join(root, 'router'), { scryptCost: CHEAP });
  await home.createSpace('Bench');
  const space = await home.openSpace();
  const router = routerFor(space);
  try {
    // 100 tenants, each with its own token, all unlocked.
    const sessions: TenantSession[] = [];
    for (let i = 0; i < 100; i++) {
      const name = `tenant-${i}`;
      await createTenant(space, { name, passphrase: PASS });
      const session = await unlockTenant(space, name, PASS);
      await connect(session, catalog, { connectorId: 'slack', authType: 'bearer', credentials: { token: `xoxb-bench-${i}-0000000000` }, baseUrl: base });
      await enableActions(session, catalog, ['slack.list_channels']);
      sessions.push(session);
    }
    const one = sessions[0]!;

    // --- overhead: router call vs the same request sent directly, interleaved ---------------
    const agent = new Agent({ keepAliveTimeout: 10_000 });
    const direct = async (): Promise<unknown> => {
      const res = await request(`${base}/conversations.list`, {
        method: 'GET',
        headers: { authorization: 'Bearer xoxb-bench-0-0000000000', accept: 'application/json' },
        dispatcher: agent,
      });
      return JSON.parse(await res.body.text());
    };
    const viaRouter = () => router.execute(one, 'slack.list_channels', {}, { via: 'cli' });
    for (let i = 0; i < 200; i++) {
      await direct();
      await viaRouter();
    }
    const directSamples: number[] = [];
    const routerSamples: number[] = [];
    for (let round = 0; round < 20; round++) {
      for (let i = 0; i < 50; i++) {
        let t = performance.now();
        await direct();
        directSamples.push(performance.now() - t);
        t = performance.now();
        await viaRouter();
        routerSamples.push(performance.now() - t);
      }
    }
    const ratio = median(routerSamples) / median(directSamples);
    out.ratio = ratio;
    rows.push(row('direct request (loopback, same server)', directSamples, '—'));
    rows.push(row('router call (policy, vault, validate, log)', routerSamples, '≤ 1.2× direct', `ratio of medians ${ratio.toFixed(2)}×`));

    // --- throughput: 1 tenant vs 100 tenants, 100 calls in flight ------------------------------
    const throughput = async (who: TenantSession[], calls: number, inFlight: number): Promise<number> => {
      let next = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: inFlight }, async () => {
          while (next < calls) {
            const i = next++;
            await router.execute(who[i % who.length]!, 'slack.list_channels', {}, { via: 'cli' });
          }
        }),
      );
      return calls / ((performance.now() - started) / 1000);
    };
    await throughput(sessions, 500, 100);
    const single = [await throughput([one], 3000, 100), await throughput([one], 3000, 100)];
    const hundred = [await throughput(sessions, 3000, 100), await throughput(sessions, 3000, 100)];
    const best = (xs: number[]): number => Math.max(...xs);
    notes.push(
      `calls per second, 100 in flight: 1 tenant ${best(single).toFixed(0)}/s, 100 tenants ${best(hundred).toFixed(0)}/s (best of 2 runs of 3,000 calls each)`,
    );
    await agent.close();
  } finally {
    await space.close();
    server.stop();
  }
  return { rows, notes, ratio: out.ratio };
}
