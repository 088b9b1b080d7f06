/**
 * UI timings in Chromium, through `switchboard serve`: from starting serve to the Profiles
 * screen being interactive, and from pressing Unlock to the Connectors screen. Profiles use the
 * shipped KDF, which the unlock figure includes; the KDF alone is measured beside it.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { createTenant, Home } from '../src/engine/index.js';
import { row, type Row } from './stats.js';

const PASS = 'correct horse battery staple';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export async function benchUi(): Promise<Row[]> {
  const home = mkdtempSync(join(tmpdir(), 'sb-bench-ui-'));
  const h = new Home(home);
  await h.createSpace('Bench');
  const space = await h.openSpace();
  await createTenant(space, { name: 'Sarah', passphrase: PASS });
  await space.close();
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ARGS });
  const toProfiles: number[] = [];
  const toConnectors: number[] = [];
  try {
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      const child = spawn(process.execPath, [join(import.meta.dirname, '..', 'bin', 'switchboard.js'), 'serve', '--home', home], { stdio: ['ignore', 'pipe', 'inherit'] });
      const url = await new Promise<string>((resolve) => {
        child.stdout.on('data', (d: Buffer) => {
          const m = /Switchboard UI: (\S+)/.exec(d.toString());
          if (m) resolve(m[1]!);
        });
      });
      const page = await browser.newPage();
      await page.goto(url);
      await page.getByRole('button', { name: 'Sarah' }).click();
      toProfiles.push(performance.now() - started);
      await page.getByLabel('Passphrase', { exact: true }).fill(PASS);
      const unlockAt = performance.now();
      await page.getByRole('button', { name: 'Unlock' }).click();
      await page.getByRole('heading', { name: 'Connectors', level: 2 }).waitFor();
      await page.getByRole('button', { name: 'Open Slack' }).waitFor();
      toConnectors.push(performance.now() - unlockAt);
      await page.close();
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  } finally {
    await browser.close();
    rmSync(home, { recursive: true, force: true });
  }
  return [
    row('serve start → Profiles interactive (Chromium)', toProfiles, '< 1 s', 'process start, page load, profile list'),
    row('Unlock → Connectors screen (Chromium)', toConnectors, '< 300 ms + KDF', 'includes one scrypt (see the KDF row)'),
  ];
}
