// A team space in the browser: an admin publishes it from Admin › Space; the header says the space syncs with its team database, then
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
const JUNE = 'violet ocean tractor whisper';
let server: PrivateServer;
let served: Served;
let servedB: Served | undefined;

test.skip(!havePostgres, 'no PostgreSQL (SWITCHBOARD_TEST_PG_URL)');

test.beforeAll(async () => {
  if (!havePostgres) return;
  server = await privateServer();
  await withClient(server.url, (c) => c.query('CREATE DATABASE team'), server.password);
  const home = await mkdtemp(join(tmpdir(), 'sb-e2e-team-'));
  const env = { SWITCHBOARD_PASSPHRASE: SARAH, SWITCHBOARD_DB_PASSWORD: server.password };
  expect((await runCli(['space', 'create', '--name', 'Acme', '--home', home])).code).toBe(0);
  expect((await runCli(['tenant', 'create', '--name', 'Sarah', '--home', home], { env })).code).toBe(0);
  served = await startServe({ home });
});
test.afterAll(async () => {
  await servedB?.stop();
  await served?.stop();
  await server?.remove();
});

test('the header shows the team database offline, then synced again, while the profile keeps working', async ({ page }) => {
  await page.goto(served.url);
  await page.getByRole('button', { name: 'Sarah', exact: true }).click();
  await page.getByLabel('Passphrase', { exact: true }).fill(SARAH);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('heading', { name: 'Connectors', level: 2 })).toBeVisible();

  // Admin › Space: publish to the (empty) team database; a URL with a password in it is refused.
  await page.getByRole('tab', { name: 'Admin' }).click();
  await page.getByRole('tab', { name: 'Space', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Team space', level: 4 })).toBeVisible();
  const url = server.url.replace(/\/postgres$/, '/team');
  await page.getByLabel('Database URL').fill(url.replace('postgres@', 'postgres:oops@'));
  await page.getByRole('button', { name: 'Publish to the team database' }).click();
  await expect(page.getByRole('alert')).toContainText('Leave the password out of the database URL');
  await page.getByLabel('Database URL').fill(url);
  await page.getByLabel('Database password').fill(server.password);
  await page.getByLabel("This machine's name").fill('laptop-a');
  await page.getByRole('button', { name: 'Publish to the team database' }).click();
  await expect(page.getByText('This space is shared through its team database, as machine laptop-a.')).toBeVisible();
  await checkScreen(page, 'team-published');
  await expect(page.getByRole('status').filter({ hasText: 'Team space synced (laptop-a)' })).toBeVisible({ timeout: 30_000 });
  const status = JSON.parse((await runCli(['space', 'status', '--json', '--home', served.home])).stdout) as { team: boolean; machine: string };
  expect(status).toMatchObject({ team: true, machine: 'laptop-a' });

  await server.pause();
  // serve polls the database every 5 s; the header asks every 15 s.
  await expect(page.getByRole('status').filter({ hasText: /^Team database offline since / })).toBeVisible({ timeout: 45_000 });
  await checkScreen(page, 'team-offline');
  await page.getByRole('tab', { name: 'Activity' }).click();
  await expect(page.getByRole('heading', { name: 'Activity', level: 2 })).toBeVisible();

  await server.resume();
  await expect(page.getByRole('status').filter({ hasText: 'Team space synced (laptop-a)' })).toBeVisible({ timeout: 45_000 });
});

test('another machine joins from the first-run screen, and its new profile is a member listed in the directory', async ({ page }) => {
  servedB = await startServe();
  await page.goto(servedB.url);
  await page.getByRole('button', { name: 'Join a team space' }).click();
  await page.getByLabel('Team database URL').fill(server.url.replace(/\/postgres$/, '/team'));
  await page.getByLabel('Team database password').fill(server.password);
  await page.getByLabel('Name of this machine').fill('laptop-b');
  await checkScreen(page, 'team-join');
  await page.getByRole('button', { name: 'Join', exact: true }).click();
  await expect(page.getByText('Create your profile on this machine. It joins the team space as a member; its admins manage roles.')).toBeVisible();
  await expect(page.getByText('Switchboard · Acme')).toBeVisible();

  await page.getByLabel('Profile name').fill('June');
  await page.getByLabel('Passphrase', { exact: true }).fill(JUNE);
  await page.getByLabel('Repeat passphrase').fill(JUNE);
  await page.getByRole('button', { name: 'Create profile' }).click();
  await page.getByLabel('I have stored my recovery key safely').check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { name: 'Connectors', level: 2 })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Switch profile: June, member/ })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Team space synced (laptop-b)' })).toBeVisible({ timeout: 30_000 });

  // Machine A's admin sees June on laptop-b in the directory.
  await expect(async () => {
    const listed = await runCli(['space', 'directory', '--tenant', 'Sarah', '--json', '--home', served.home], { env: { SWITCHBOARD_PASSPHRASE: SARAH } });
    const rows = JSON.parse(listed.stdout || '[]') as { name: string; machine: string }[];
    expect(rows.map((r) => `${r.name}@${r.machine}`).sort()).toEqual(['June@laptop-b', 'Sarah@laptop-a']);
  }).toPass({ timeout: 20_000 });
});
