// A team space in the browser: the header says the space syncs with its team database, then
// "Team database offline since …" while the database is down (the profile keeps working), and
// synced again once it is back. Needs PostgreSQL (skipped without; see README, Team spaces).
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { havePostgres, privateServer, withClient, type PrivateServer } from '../fixtures/postgres.js';
import { runCli } from '../helpers.js';
import { checkScreen } from './screen-check.js';
import { startServe, type Served } from './serve-fixture.js';

const SARAH = 'correct horse battery staple';
let server: PrivateServer;
let served: Served;

test.skip(!havePostgres, 'no PostgreSQL (SWITCHBOARD_TEST_PG_URL)');

test.beforeAll(async () => {
  if (!havePostgres) return;
  server = await privateServer();
  await withClient(server.url, (c) => c.query('CREATE DATABASE team'), server.password);
  const home = await mkdtemp(join(tmpdir(), 'sb-e2e-team-'));
  const env = { SWITCHBOARD_PASSPHRASE: SARAH, SWITCHBOARD_DB_PASSWORD: server.password };
  expect((await runCli(['space', 'create', '--name', 'Acme', '--home', home])).code).toBe(0);
  expect((await runCli(['tenant', 'create', '--name', 'Sarah', '--home', home], { env })).code).toBe(0);
  const published = await runCli(['space', 'publish', '--database', server.url.replace(/\/postgres$/, '/team'), '--tenant', 'Sarah', '--machine-name', 'laptop-a', '--home', home], { env });
  expect(published.stderr).toBe('');
  served = await startServe({ home });
});
test.afterAll(async () => {
  await served?.stop();
  await server?.remove();
});

test('the header shows the team database offline, then synced again, while the profile keeps working', async ({ page }) => {
  await page.goto(served.url);
  await page.getByRole('button', { name: 'Sarah', exact: true }).click();
  await page.getByLabel('Passphrase', { exact: true }).fill(SARAH);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('heading', { name: 'Connectors', level: 2 })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Team space synced (laptop-a)' })).toBeVisible();

  await server.pause();
  // serve polls the database every 5 s; the header asks every 15 s.
  await expect(page.getByRole('status').filter({ hasText: /^Team database offline since / })).toBeVisible({ timeout: 45_000 });
  await checkScreen(page, 'team-offline');
  await page.getByRole('tab', { name: 'Activity' }).click();
  await expect(page.getByRole('heading', { name: 'Activity', level: 2 })).toBeVisible();

  await server.resume();
  await expect(page.getByRole('status').filter({ hasText: 'Team space synced (laptop-a)' })).toBeVisible({ timeout: 45_000 });
});
