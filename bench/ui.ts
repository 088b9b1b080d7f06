/**
 * UI timings in Chromium, through `switchboard serve`, measured with the page's own clock so
 * that the test driver's polling is not counted:
 *  - serve start → Profiles interactive: process start until the server prints its address
 *    (Node clock), plus navigation start until the first profile button exists (page clock);
 *  - Unlock → Connectors: the click on Unlock until the connector cards exist (page clock),
 *    which includes one scrypt with the shipped parameters (see the KDF row).
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

/** Resolves (in the page) with performance.now() when `selector`'s element with `text` first exists. */
const WATCH = `(sel, text) => new Promise((resolve) => {
  const hit = () => [...document.querySelectorAll(sel)].some((e) => e.textContent.trim() === text);
  if (hit()) return resolve(performance.now());
  new MutationObserver((_, obs) => { if (hit()) { obs.disconnect(); resolve(performance.now()); } }).observe(document, { subtree: true, childList: true });
})`;

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
      const serverReady = performance.now() - started;
      const page = await browser.newPage();
      await page.addInitScript(`window.__profilesAt = (${WATCH})('button', 'Sarah')`);
      await page.goto(url);
      // The cookie redirect makes the page load twice; the watcher reports for the page that stayed.
      const inPage = (await page.evaluate('window.__profilesAt')) as number;
      toProfiles.push(serverReady + inPage);

      await page.getByRole('button', { name: 'Sarah' }).click();
      await page.getByLabel('Passphrase', { exact: true }).fill(PASS);
      const unlockButton = page.getByRole('button', { name: 'Unlock' });
      await unlockButton.evaluate((button) => {
        const page = globalThis as unknown as { __clickAt?: number };
        page.__clickAt = undefined;
        button.addEventListener('click', () => (page.__clickAt = performance.now()), { capture: true, once: true });
      });
      const watch = page.evaluate(`(${WATCH})('button', 'Open Slack')`) as Promise<number>;
      await unlockButton.click();
      const shownAt = await watch;
      const clickAt = (await page.evaluate('window.__clickAt')) as number;
      toConnectors.push(shownAt - clickAt);
      await page.close();
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  } finally {
    await browser.close();
    rmSync(home, { recursive: true, force: true });
  }
  return [
    row('serve start → Profiles interactive (Chromium)', toProfiles, '< 1 s', 'process start + page load to the profile buttons'),
    row('Unlock → Connectors screen (Chromium)', toConnectors, '< 300 ms + KDF', 'click to connector cards; includes one scrypt'),
  ];
}
