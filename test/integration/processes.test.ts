// Two processes on one home, and a process killed with SIGKILL in the middle of writing.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTenant, unlockTenant, type Space } from '../../src/engine/index.js';
import { PASS_SARAH, newHome, removeDir } from '../helpers.js';

const WRITER = join(import.meta.dirname, '..', 'fixtures', 'vault-writer.ts');
const dirs: string[] = [];
const spaces: Space[] = [];
afterEach(async () => {
  await Promise.all(spaces.splice(0).map((s) => s.close()));
  await Promise.all(dirs.splice(0).map(removeDir));
});

function startWriter(mode: string, env: Record<string, string>) {
  return spawn(process.execPath, ['--import', 'tsx', WRITER, mode], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

describe('crash safety', () => {
  it('a vault survives kill -9 mid-write: it opens, passes integrity_check and holds every committed row', async () => {
    const { dir, home } = await newHome();
    dirs.push(dir);
    await home.createSpace('Acme');
    const space = await home.openSpace();
    spaces.push(space);
    await createTenant(space, { name: 'Sarah', passphrase: PASS_SARAH });

    const child = startWriter('write', { HOME_DIR: dir, TENANT: 'Sarah', SWITCHBOARD_PASSPHRASE: PASS_SARAH });
    const committed: number[] = [];
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    let buffer = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`writer did not reach 300 rows: ${stderr}`)), 30_000);
      child.stdout.on('data', (d: Buffer) => {
        buffer += d.toString();
        const lines = buffer.split('\n');
        buffer = lines.pop()!;
        for (const line of lines) if (/^\d+$/.test(line)) committed.push(Number(line));
        if (committed.length >= 300) {
          clearTimeout(timer);
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    await new Promise((resolve) => child.once('close', resolve));
    expect(child.signalCode).toBe('SIGKILL');

    const session = await unlockTenant(space, 'Sarah', PASS_SARAH);
    const db = session.vault();
    expect(await db.get('PRAGMA integrity_check')).toEqual({ integrity_check: 'ok' });
    const rows = await db.all<{ key: string }>("SELECT key FROM settings WHERE key LIKE 'row:%'");
    const present = new Set(rows.map((r) => Number(r.key.slice(4))));
    const missing = committed.filter((i) => !present.has(i));
    expect(missing).toEqual([]);
    expect(present.size).toBeGreaterThanOrEqual(committed.length);
    await session.lock();
  });
});

describe('two processes on one home', () => {
  it('creating tenants from two processes at once loses nothing and corrupts nothing', async () => {
    const { dir, home } = await newHome();
    dirs.push(dir);
    await home.createSpace('Acme');
    const env = { HOME_DIR: dir, SWITCHBOARD_PASSPHRASE: PASS_SARAH, COUNT: '15' };
    const children = ['a', 'b'].map((prefix) => startWriter('create', { ...env, PREFIX: prefix }));
    const codes = await Promise.all(
      children.map(
        (child) =>
          new Promise<number | null>((resolve) => {
            let err = '';
            child.stderr.on('data', (d: Buffer) => (err += d.toString()));
            child.on('close', (code) => {
              if (code !== 0) console.error(err);
              resolve(code);
            });
          }),
      ),
    );
    expect(codes).toEqual([0, 0]);
    const space = await home.openSpace();
    spaces.push(space);
    const tenants = await space.listTenants();
    expect(tenants).toHaveLength(30);
    expect(tenants.filter((t) => t.role === 'admin')).toHaveLength(1);
    expect(await space.registry.get('PRAGMA integrity_check')).toEqual({ integrity_check: 'ok' });
    // Every vault opens.
    for (const name of ['a-0', 'b-14', 'a-14', 'b-0']) await (await unlockTenant(space, name, PASS_SARAH)).lock();
  });
});
