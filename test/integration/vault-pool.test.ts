// The vault handle pool: an unlocked profile keeps its key in memory, not its files open. Ten
// thousand profiles unlock in one process with descriptors bounded by the pool, every session still
// reads its vault (reopened on use), and running out of descriptors is reported as exactly that.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { removeDir, tempDir } from '../helpers.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const FIXTURE = join(ROOT, 'test', 'fixtures', 'many-vaults.ts');
let dir: string | undefined;
afterEach(async () => dir && removeDir(dir));

interface Outcome {
  ok: boolean;
  code?: string;
  message?: string;
  unlocked?: number;
  read?: number;
  poolMax?: number;
  poolOpen?: number;
  fdsBefore?: number;
  fdsUnlocked?: number;
  fdsAfterReads?: number;
  rssPerSessionKiB?: number;
}

/** The fixture in a child process, under `ulimit -n` when given, with the pool's size from env. */
async function many(count: number, env: Record<string, string>, openFiles?: number): Promise<Outcome> {
  dir = await tempDir('sb-pool-');
  const node = `exec ${JSON.stringify(process.execPath)} --import tsx ${JSON.stringify(FIXTURE)} ${JSON.stringify(join(dir, 'home'))} ${count}`;
  const script = openFiles ? `ulimit -n ${openFiles} && ${node}` : node;
  const { stdout } = await run('/bin/sh', ['-c', script], { cwd: ROOT, env: { ...process.env, ...env }, timeout: 900_000, maxBuffer: 1 << 20 });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Outcome;
}

describe('vault handle pool', () => {
  it('unlocks 10,000 profiles in one process with file descriptors bounded by the pool', { timeout: 900_000 }, async () => {
    const outcome = await many(10_000, { SWITCHBOARD_MAX_OPEN_VAULTS: '256' });
    expect(outcome, outcome.message).toMatchObject({ ok: true, unlocked: 10_000, read: 10_000, poolMax: 256 });
    expect(outcome.poolOpen).toBeLessThanOrEqual(256);
    // Three descriptors per open vault (file, WAL, shared memory), a little slack for the rest;
    // without the pool this would be 30,000 and fail well before (this machine allows 20,000).
    expect(outcome.fdsUnlocked! - outcome.fdsBefore!).toBeLessThanOrEqual(256 * 3 + 16);
    expect(outcome.fdsAfterReads! - outcome.fdsBefore!).toBeLessThanOrEqual(256 * 3 + 16);
  });

  it('names running out of file descriptors as the cause, not the folder', async () => {
    // A pool bigger than the limit allows: the limit is reached, and the error says so.
    const outcome = await many(200, { SWITCHBOARD_MAX_OPEN_VAULTS: '1000' }, 150);
    expect(outcome.ok, JSON.stringify(outcome)).toBe(false);
    expect(outcome.code).toBe('STORAGE_ERROR');
    expect(outcome.message, JSON.stringify(outcome)).toMatch(/run out of file descriptors \(EMFILE\).*ulimit -n.*SWITCHBOARD_MAX_OPEN_VAULTS/);
    expect(outcome.message).not.toMatch(/writable|permission/i);
  });
});
