// The first journey in a real browser: Sarah and June share a space; each sees only their own.
import { expect, test, type Page } from '@playwright/test';
import { FakeSaas } from '../fixtures/fake-saas/server.js';
import { slackMessages } from '../fixtures/fake-saas/slack.js';
import { checkScreen } from './screen-check.js';
import { startServe, type Served } from './serve-fixture.js';

const SARAH = 'correct horse battery staple';
const JUNE = 'violet ocean tractor whisper';

let served: Served;
let fake: FakeSaas;

test.beforeAll(async () => {
  fake = await FakeSaas.start();
  fake.addToken('slack', 'xoxb-sarah-e2e-000000001', 'sarah');
  fake.addToken('slack', 'xoxb-june-e2e-0000000002', 'june');
  served = await startServe();
});
test.afterAll(async () => {
  await served?.stop();
  await fake?.stop();
});

/** The header's profile menu › "Lock and show all profiles": the lock screen with every profile. */
async function showAllProfiles(page: Page): Promise<void> {
  await page.getByRole('button', { name: /^Switch profile/ }).click();
  await page.getByRole('button', { name: 'Lock and show all profiles' }).click();
}

async function createProfile(page: Page, name: string, passphrase: string): Promise<void> {
  await page.getByLabel('Profile name').fill(name);
  await page.getByLabel('Passphrase', { exact: true }).fill(passphrase);
  await page.getByLabel('Repeat passphrase').fill(passphrase);
  await page.getByRole('button', { name: 'Create profile' }).click();
  await expect(page.getByRole('heading', { name: 'Your recovery key' })).toBeVisible();
}

async function openConnector(page: Page, name: string): Promise<void> {
  await page.getByRole('tab', { name: 'Connectors' }).or(page.getByRole('link', { name: 'Connectors' })).or(page.getByRole('button', { name: 'Connectors', exact: true })).first().click();
  await page.getByRole('button', { name: `Open ${name}` }).click();
  await expect(page.getByRole('heading', { name, level: 2 })).toBeVisible();
}

async function goTo(page: Page, tab: 'Connectors' | 'Activity' | 'Settings'): Promise<void> {
  await page.getByRole('tab', { name: tab }).or(page.getByRole('link', { name: tab })).or(page.getByRole('button', { name: tab, exact: true })).first().click();
  await expect(page.getByRole('heading', { name: tab, level: 2 }).or(page.getByRole('heading', { name: tab, level: 1 })).first()).toBeVisible();
}

test('Sarah and June share a space and see only their own tools and history', async ({ page }) => {
  await page.goto(served.url);

  // --- Sarah creates her profile and keeps her recovery key ---------------------------------
  await expect(page.getByLabel('Profile name')).toBeVisible();
  await checkScreen(page, '01-new-profile');
  await createProfile(page, 'Sarah', SARAH);
  await checkScreen(page, '02-recovery-key');
  const continueButton = page.getByRole('button', { name: 'Continue' });
  await expect(continueButton).toBeDisabled();
  await page.getByLabel('I have stored my recovery key safely').check();
  await continueButton.click();
  await expect(page.getByRole('heading', { name: 'Connectors', level: 2 })).toBeVisible();
  await expect(page.getByText('Online', { exact: true })).toBeVisible();
  await checkScreen(page, '03-connectors');

  // --- she connects Slack with her token and enables "send message" ---------------------------
  await openConnector(page, 'Slack');
  await page.getByLabel('Token').fill('xoxb-sarah-e2e-000000001');
  await page.getByLabel('API base URL').fill(fake.baseUrl('slack'));
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Disconnect' })).toBeVisible();
  await expect(page.getByLabel('Token')).toHaveCount(0);
  await page.getByRole('switch', { name: 'Enable Send message' }).check();
  await expect(page.getByRole('switch', { name: 'Enable Send message' })).toBeChecked();
  await checkScreen(page, '04-connector-slack');

  // --- and runs it -----------------------------------------------------------------------------
  await page.getByRole('button', { name: 'Try Send message' }).click();
  await page.getByLabel('channel', { exact: false }).first().fill('C0001');
  await page.getByLabel('text', { exact: false }).first().fill('Hello from the browser');
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByLabel('Result')).toContainText('"ts"');
  expect(slackMessages(fake)).toEqual([expect.objectContaining({ account: 'sarah', text: 'Hello from the browser' })]);
  await checkScreen(page, '05-try-it');

  // --- and sees it in Activity -------------------------------------------------------------------
  await goTo(page, 'Activity');
  await expect(page.getByRole('row').filter({ hasText: 'slack.send_message' }).first()).toContainText('ok');
  await checkScreen(page, '06-activity');
  await goTo(page, 'Settings');
  await checkScreen(page, '07-settings');

  // --- June creates hers on the same space ----------------------------------------------------
  await showAllProfiles(page);
  await expect(page.getByRole('heading', { name: 'Profiles' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sarah' })).toBeVisible();
  await checkScreen(page, '08-profiles');
  await page.getByRole('button', { name: 'New profile' }).click();
  await createProfile(page, 'June', JUNE);
  await page.getByLabel('I have stored my recovery key safely').check();
  await page.getByRole('button', { name: 'Continue' }).click();

  // Same catalog, none of Sarah's connections, enablement or activity.
  await expect(page.getByRole('button', { name: 'Open Slack' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Open Notion' })).toBeVisible();
  await expect(page.getByText('Connected', { exact: true })).toHaveCount(0);
  await openConnector(page, 'Slack');
  await expect(page.getByLabel('Token')).toBeVisible();
  await expect(page.getByRole('switch', { name: 'Enable Send message' })).not.toBeChecked();
  await goTo(page, 'Activity');
  await expect(page.getByRole('row').filter({ hasText: 'slack.send_message' })).toHaveCount(0);

  // A disabled action cannot be run: June connects, leaves "send message" off, and tries.
  await openConnector(page, 'Slack');
  await page.getByLabel('Token').fill('xoxb-june-e2e-0000000002');
  await page.getByLabel('API base URL').fill(fake.baseUrl('slack'));
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Disconnect' })).toBeVisible();
  await page.getByRole('button', { name: 'Try Send message' }).click();
  await page.getByLabel('channel', { exact: false }).first().fill('C0001');
  await page.getByLabel('text', { exact: false }).first().fill('should not go');
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByRole('alert').filter({ hasText: /switched off|Enable it/i })).toBeVisible();
  expect(slackMessages(fake)).toHaveLength(1);

  // --- back to Sarah: her passphrase is needed; a wrong one changes nothing ------------------
  await showAllProfiles(page);
  await page.getByRole('button', { name: 'Sarah' }).click();
  await page.getByLabel('Passphrase', { exact: true }).fill('not her passphrase');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('alert').filter({ hasText: /Wrong passphrase/ })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Profiles' })).toBeVisible();
  await checkScreen(page, '09-wrong-passphrase');
  await page.getByLabel('Passphrase', { exact: true }).fill(SARAH);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await goTo(page, 'Activity');
  await expect(page.getByRole('row').filter({ hasText: 'slack.send_message' }).first()).toContainText('ok');
  await expect(page.getByRole('row').filter({ hasText: 'should not go' })).toHaveCount(0);
});
