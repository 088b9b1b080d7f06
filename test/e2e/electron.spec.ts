// The same first journey through the Electron window, where an Electron binary is installed.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';

const electronDir = join(import.meta.dirname, '..', '..', 'node_modules', 'electron');
const pathFile = join(electronDir, 'path.txt');
const binary = existsSync(pathFile) ? join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim()) : undefined;
const available = binary !== undefined && existsSync(binary);

if (!available) console.log('electron.spec: skipped, no Electron binary installed (it cannot be downloaded here).');

test.skip(!available, 'No Electron binary is installed.');

test('Sarah creates her profile in the desktop window', async () => {
  const app = await electron.launch({ executablePath: binary!, args: [join(import.meta.dirname, '..', '..')], env: { ...process.env, SWITCHBOARD_HOME: join(import.meta.dirname, '..', '..', 'test-results', 'electron-home') } });
  const page = await app.firstWindow();
  await page.getByLabel('Profile name').fill('Sarah');
  await page.getByLabel('Passphrase', { exact: true }).fill('correct horse battery staple');
  await page.getByLabel('Repeat passphrase').fill('correct horse battery staple');
  await page.getByRole('button', { name: 'Create profile' }).click();
  await expect(page.getByRole('heading', { name: 'Your recovery key' })).toBeVisible();
  // The page has no Node and no ipcRenderer: only the bridge.
  expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
  await app.close();
});
