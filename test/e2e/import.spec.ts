// Importing an API in a real browser: Sarah (the admin) imports the Notes API's OpenAPI document in
// Admin › Custom connectors (chooses operations, previews, saves), then a 1,000-operation document by
// choosing one tag; June connects the imported Notes API with her own token, enables an action and
// runs it against a fake that checks the request as the document declares it.
import { writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { FakeApis } from '../fixtures/fake-saas/openapi-apis.js';
import { largeDocument } from '../fixtures/openapi/large.js';
import { checkScreen } from './screen-check.js';
import { startServe, type Served } from './serve-fixture.js';

const SARAH = 'correct horse battery staple';
const JUNE = 'violet ocean tractor whisper';
const NOTES = join(import.meta.dirname, '..', 'fixtures', 'openapi', 'notes-3.1.yaml');

let served: Served;
let apis: FakeApis;
let dir: string;

test.beforeAll(async () => {
  apis = await FakeApis.start(180_000);
  apis.accounts.set('tok-june-e2e-0042', 'june');
  served = await startServe();
  dir = await mkdtemp(join(tmpdir(), 'sb-e2e-import-'));
});
test.afterAll(async () => {
  await served?.stop();
  await apis?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function createProfile(page: Page, name: string, passphrase: string): Promise<void> {
  await page.getByLabel('Profile name').fill(name);
  await page.getByLabel('Passphrase', { exact: true }).fill(passphrase);
  await page.getByLabel('Repeat passphrase').fill(passphrase);
  await page.getByRole('button', { name: 'Create profile' }).click();
  await expect(page.getByRole('heading', { name: 'Your recovery key' })).toBeVisible();
  await page.getByLabel('I have stored my recovery key safely').check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { name: 'Connectors', level: 2 })).toBeVisible();
}

test('an admin imports an OpenAPI document from the Admin screen; a member connects and calls it', async ({ page }) => {
  await page.goto(served.url);
  await createProfile(page, 'Sarah', SARAH);
  await page.getByRole('tab', { name: 'Admin' }).click();
  await page.getByRole('tab', { name: 'Custom connectors', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Custom connectors', level: 3 })).toBeVisible();
  await expect(page.getByText('None yet.')).toBeVisible();

  // --- a small document: choose, preview, save -----------------------------------------------------
  await page.getByLabel('OpenAPI document').setInputFiles(NOTES);
  await page.getByLabel('Connector id').fill('notes');
  await page.getByRole('button', { name: 'Read document' }).click();
  await expect(page.getByText(/Notes API: 5 operations; auth bearer/)).toBeVisible();
  await expect(page.getByText('clientCert: mutual TLS (client certificates are not supported)')).toBeVisible();
  // Small documents start with every operation but the deprecated one.
  await expect(page.getByRole('status').filter({ hasText: 'chosen' })).toHaveText('4 of 5 chosen');
  await expect(page.getByLabel('Include delete_note')).not.toBeChecked();
  await page.getByLabel('Search operations').fill('health');
  await expect(page.getByLabel('Include list_notes')).toHaveCount(0);
  await page.getByLabel('Include get_health').uncheck();
  await page.getByLabel('Search operations').fill('');
  await expect(page.getByRole('status').filter({ hasText: 'chosen' })).toHaveText('3 of 5 chosen');
  await checkScreen(page, 'admin-import-operations');
  await page.getByRole('button', { name: 'Preview' }).click();
  const preview = page.getByRole('region', { name: 'Preview' });
  await expect(preview).toContainText('Adds notes with 3 actions.');
  await expect(preview).toContainText('No profile loses an enabled action.');
  await page.getByRole('button', { name: 'Save connector' }).click();
  await expect(page.getByRole('cell', { name: /Notes API notes/ })).toBeVisible();

  // --- 1,000 operations: nothing chosen at first, one tag chosen whole -------------------------------
  const large = join(dir, 'large.json');
  await writeFile(large, JSON.stringify(largeDocument(1000)));
  await page.getByLabel('OpenAPI document').setInputFiles(large);
  await page.getByLabel('Connector id').fill('large');
  await page.getByRole('button', { name: 'Read document' }).click();
  await expect(page.getByText(/Large API: 1000 operations/)).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'chosen' })).toHaveText('0 of 1000 chosen');
  await page.getByRole('checkbox', { name: 'group3 (52)' }).check();
  await expect(page.getByRole('status').filter({ hasText: 'chosen' })).toHaveText('52 of 1000 chosen');
  await page.getByLabel('Search operations').fill('resource63');
  await expect(page.getByLabel('Include get_resource63')).toBeChecked();
  await expect(page.getByLabel('Include get_resource64')).toHaveCount(0);
  await checkScreen(page, 'admin-import-large');
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.getByRole('region', { name: 'Preview' })).toContainText('Adds large with 52 actions.');
  await page.getByRole('button', { name: 'Save connector' }).click();
  await expect(page.getByRole('cell', { name: /Large API large/ })).toBeVisible();
  await checkScreen(page, 'admin-custom-connectors');

  // --- June connects the imported API with her own token and calls it ------------------------------
  await page.getByRole('button', { name: /^Switch profile/ }).click();
  await page.getByRole('button', { name: 'Lock and show all profiles' }).click();
  await page.getByRole('button', { name: 'New profile' }).click();
  await createProfile(page, 'June', JUNE);
  await page.getByRole('button', { name: 'Open Notes API' }).click();
  await expect(page.getByRole('heading', { name: 'Notes API', level: 2 })).toBeVisible();
  await page.getByLabel('Token').fill('tok-june-e2e-0042');
  await page.getByLabel('API base URL').fill(`${apis.url}/v2`);
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Disconnect' })).toBeVisible();
  await page.getByRole('switch', { name: 'Enable List notes' }).check();
  await page.getByRole('button', { name: 'Try List notes' }).click();
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByLabel('Result')).toContainText('"notes"');
  expect(apis.seen.at(-1)).toMatchObject({ method: 'GET', path: '/v2/notes', account: 'june', headers: { authorization: 'Bearer tok-june-e2e-0042' } });
  await checkScreen(page, 'imported-connector');
});
