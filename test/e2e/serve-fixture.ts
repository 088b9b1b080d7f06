// Start `switchboard serve` on a temp home (the built CLI, as a person runs it) and a fake provider.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Served {
  url: string;
  home: string;
  stop(): Promise<void>;
}

/** `home`: a home prepared beforehand (a team space published from it), removed on stop too. */
export async function startServe(options: { home?: string } = {}): Promise<Served> {
  const home = options.home ?? (await mkdtemp(join(tmpdir(), 'sb-e2e-')));
  const child: ChildProcess = spawn(process.execPath, [join(import.meta.dirname, '..', '..', 'bin', 'switchboard.js'), 'serve', '--home', home], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH ?? '', HOME: home },
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${out}`)), 20_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const first = out.split('\n')[0]!;
      const m = /^Switchboard UI: (http:\/\/127\.0\.0\.1:\d+\/#token=\S+)$/.exec(first);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${out}`)));
  });
  return {
    url,
    home,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
      await rm(home, { recursive: true, force: true });
    },
  };
}
