/** Shared test helpers: temp homes, cheap KDF, and running the real CLI. */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { chmod, cp, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Home, invoke, OPS, type EngineOptions, type Space, type TenantSession } from '../src/engine/index.js';

/** scrypt cost for tests that do not measure the KDF (N = 2^10 instead of 2^17). */
export const FAST_KDF = { N: 2 ** 10, r: 8, p: 1 };

export const PASS_SARAH = 'correct horse battery staple';
export const PASS_JUNE = 'violet ocean tractor whisper';

export async function tempDir(prefix = 'sb-test-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

export async function newHome(options: EngineOptions = {}): Promise<{ dir: string; home: Home }> {
  const dir = await tempDir();
  return { dir, home: new Home(dir, { scryptCost: FAST_KDF, ...options }) };
}

/** Every regular file below `dir`. */
export async function allFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await allFiles(path)));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

export async function fileExists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

export async function filesContaining(dir: string, marker: string): Promise<string[]> {
  const needles = [Buffer.from(marker, 'utf8'), Buffer.from(marker, 'utf16le')];
  const hits: string[] = [];
  for (const file of await allFiles(dir)) {
    const bytes = await readFile(file);
    if (needles.some((n) => bytes.includes(n))) hits.push(file);
  }
  return hits;
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export const CLI = join(import.meta.dirname, '..', 'bin', 'switchboard.js');
const ROOT = join(import.meta.dirname, '..');

let portable: Promise<string> | undefined;
/**
 * A copy of the built CLI (its launcher, bundle and native SQLite driver) in a folder every user
 * can read, for running it as another user: the clone itself may sit where only its owner can
 * reach (a root user's home).
 */
export function portableCli(): Promise<string> {
  portable ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sb-cli-copy-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    for (const part of ['bin/switchboard.js', 'out/cli', 'node_modules/bindings', 'node_modules/file-uri-to-path', 'node_modules/better-sqlite3-multiple-ciphers/package.json', 'node_modules/better-sqlite3-multiple-ciphers/lib', 'node_modules/better-sqlite3-multiple-ciphers/build/Release/better_sqlite3.node']) {
      await cp(join(ROOT, part), join(dir, part), { recursive: true });
    }
    // Readable and traversable by all (mkdtemp makes the folder 0700).
    const open = async (path: string): Promise<void> => {
      const info = await stat(path);
      await chmod(path, info.isDirectory() ? 0o755 : 0o644);
      if (info.isDirectory()) for (const entry of await readdir(path)) await open(join(path, entry));
    };
    await open(dir);
    return join(dir, 'bin', 'switchboard.js');
  })();
  return portable;
}

/** Run the built CLI with `args`; `env` is added to a clean environment, `input` goes to stdin. */
export function runCli(
  args: string[],
  options: { env?: Record<string, string>; input?: string | Buffer; uid?: number; gid?: number; timeoutMs?: number } = {},
): Promise<CliResult> {
  const cli = options.uid !== undefined && options.uid !== process.getuid?.() ? portableCli() : Promise.resolve(CLI);
  return cli.then((script) => new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      ...(options.uid !== undefined ? { uid: options.uid, gid: options.gid ?? options.uid } : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  }));
}

/** Run an operation as `session` (or as nobody), the way the UI and the CLI do: input parsed, access checked. */
export function runAs<N extends keyof typeof OPS>(space: Space, session: TenantSession | null, name: N, input: unknown = {}): ReturnType<(typeof OPS)[N]['run']> {
  return invoke(OPS[name] as never, { space, session, via: 'ui' }, input) as ReturnType<(typeof OPS)[N]['run']>;
}
