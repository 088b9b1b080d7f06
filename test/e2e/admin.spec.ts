// The admin dashboard in a real browser: Sarah (the first profile, so the admin) sees June's
// counts but never her token, denies an action to members with a preview of its effect, finds it
// in the audit trail; June then finds the switch locked with the reason, and the call refused.
// Then Sarah keeps profile creation to admins (Admin › Space) and sets an OAuth app: the lock
// screen loses its "New profile", and she creates Emily's profile from Admin › Profiles.
import { expect, test, type Page } from '@playwright/test';
import { FakeSaas } from '../fixtures/fake-saas/server.js';
import { slackMessages } from '../fixtures/fake-saas/slack.js';
import { checkScreen } from './screen-check.js';
import { startServe, type Served } from './serve-fixture.js';

const SARAH = 'correct horse battery staple';
const JUNE = 'violet ocean tractor whisper';
const JUNE_TOKEN = 'xoxb-june-admin-e2e-00000042';
const EMILY = 'amber harbor quartz lantern';
const GITHUB_SECRET = 'gh-oauth-secret-e2e-000000000042';

let served: Served;
let fake: FakeSaas;

test.beforeAll(async () => {
  fake = await FakeSaas.start();
  fake.addToken('slack', JUNE_TOKEN, 'june');
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
  await page.getByLabel('I have stored my recovery key safely').check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { name: 'Connectors', level: 2 })).toBeVisible();
}

async function switchTo(page: Page, name: string, passphrase: string): Promise<void> {
  await showAllProfiles(page);
  await expect(page.getByRole('heading', { name: 'Profiles' })).toBeVisible();
  await page.getByRole('button', { name, exact: true }).click();
  await page.getByLabel('Passphrase', { exact: true }).fill(passphrase);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('heading', { name: 'Connectors', level: 2 })).toBeVisible();
}

async function openSlack(page: Page): Promise<void> {
  await page.getByRole('tab', { name: 'Connectors' }).click();
  await page.getByRole('button', { name: 'Open Slack' }).click();
  await expect(page.getByRole('heading', { name: 'Slack', level: 2 })).toBeVisible();
}

async function adminSection(page: Page, tab: 'Profiles' | 'Policy' | 'Insights' | 'Audit' | 'Space', heading: string): Promise<void> {
  await page.getByRole('tab', { name: tab, exact: true }).click();
  await expect(page.getByRole('heading', { name: heading, level: 3 })).toBeVisible();
}

async function trySendMessage(page: Page, text: string): Promise<void> {
  await page.getByRole('button', { name: 'Try Send message' }).click();
  await page.getByLabel('channel', { exact: false }).first().fill('C0001');
  await page.getByLabel('text', { exact: false }).first().fill(text);
  await page.getByRole('button', { name: 'Run' }).click();
}

test('an admin sees counts, previews and saves a policy change, and the member finds it applied', async ({ page }) => {
  await page.goto(served.url);

  // --- Sarah creates the first profile: she is the admin ---------------------------------------
  await expect(page.getByLabel('Profile name')).toBeVisible();
  await createProfile(page, 'Sarah', SARAH);
  await expect(page.getByRole('button', { name: 'Switch profile: Sarah, admin, unlocked' })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Admin' })).toBeVisible();

  // --- June creates hers (a member: no Admin tab), connects Slack, enables and sends ---------------
  await showAllProfiles(page);
  await page.getByRole('button', { name: 'New profile' }).click();
  await createProfile(page, 'June', JUNE);
  await expect(page.getByRole('button', { name: 'Switch profile: June, member, unlocked' })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Admin' })).toHaveCount(0);
  await openSlack(page);
  await page.getByLabel('Token').fill(JUNE_TOKEN);
  await page.getByLabel('API base URL').fill(fake.baseUrl('slack'));
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Disconnect' })).toBeVisible();
  await page.getByRole('switch', { name: 'Enable Send message' }).check();
  await expect(page.getByRole('switch', { name: 'Enable Send message' })).toBeChecked();
  await trySendMessage(page, 'June says hi');
  await expect(page.getByLabel('Result')).toContainText('"ts"');
  expect(slackMessages(fake)).toHaveLength(1);

  // --- Sarah: Admin › Profiles shows June's connector and count, never her token ----------------------
  await switchTo(page, 'Sarah', SARAH);
  await page.getByRole('tab', { name: 'Admin' }).click();
  await expect(page.getByRole('heading', { name: 'Admin', level: 2 })).toBeVisible();
  await adminSection(page, 'Profiles', 'Profiles');
  const juneRow = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'June' }) });
  await expect(juneRow).toContainText('slack');
  const headers = await page.getByRole('columnheader').allInnerTexts();
  const enabledColumn = headers.findIndex((h) => h.trim() === 'Actions enabled');
  expect(enabledColumn).toBeGreaterThan(0);
  // Cells after the row header: column n is cell n - 1.
  await expect(juneRow.getByRole('cell').nth(enabledColumn - 1)).toHaveText('1');
  await expect(page.getByLabel('Role of June')).toHaveValue('member');
  await expect(page.getByLabel('Role of Sarah')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Remove Sarah' })).toHaveCount(0);
  expect(await page.locator('body').innerText()).not.toContain(JUNE_TOKEN);
  expect(await page.content()).not.toContain(JUNE_TOKEN);
  expect(await page.content()).not.toContain('June says hi');
  await checkScreen(page, 'admin-tenants');

  // Removing asks first, and says what it deletes; Cancel keeps her.
  await page.getByRole('button', { name: 'Remove June' }).click();
  const dialog = page.getByRole('dialog', { name: 'Remove the profile June?' });
  await expect(dialog).toContainText('deleted unopened');
  await expect(dialog.getByRole('button', { name: 'Remove profile' })).toBeVisible();
  await checkScreen(page, 'admin-tenants-remove');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(juneRow).toBeVisible();

  // --- Admin › Policy: deny slack.send_message to members, with its effect first ----------------------
  await adminSection(page, 'Policy', 'Policy');
  await page.getByRole('button', { name: /^Slack/ }).click();
  const memberSelect = page.getByLabel('slack.send_message for member', { exact: true });
  await expect(memberSelect).toHaveValue('inherit');
  await expect(page.getByLabel('slack for member', { exact: true })).toHaveValue('inherit');
  await memberSelect.selectOption('deny');
  const effect = page.getByRole('region', { name: 'Pending policy changes' });
  await expect(effect.getByRole('list', { name: /^Profiles that lose actions/ }).getByRole('listitem').filter({ hasText: 'June' }).first()).toContainText('loses slack.send_message');
  await checkScreen(page, 'admin-policy');
  // Nothing is saved yet: Discard all goes back to the saved rule.
  await effect.getByRole('button', { name: 'Discard all' }).click();
  await expect(effect).toHaveCount(0);
  await expect(memberSelect).toHaveValue('inherit');
  // Several changes wait together, each with its effect; one is undone, the other saved.
  await memberSelect.selectOption('deny');
  const viewerSlack = page.getByLabel('slack for viewer', { exact: true });
  await viewerSlack.selectOption('deny');
  await expect(effect.getByRole('list', { name: 'Changes not saved yet' }).getByRole('listitem').filter({ has: page.locator('code') })).toHaveCount(2);
  await expect(effect.getByRole('button', { name: 'Save 2 changes' })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Slack/ })).toContainText('2 not saved');
  await checkScreen(page, 'admin-policy-pending');
  await effect.getByRole('button', { name: 'Undo slack for viewer: deny' }).click();
  await expect(viewerSlack).toHaveValue('inherit');
  await expect(effect.getByRole('list', { name: /^Profiles that lose actions/ }).getByRole('listitem').filter({ hasText: 'June' }).first()).toContainText('loses slack.send_message');
  await effect.getByRole('button', { name: 'Save 1 change' }).click();
  await expect(effect).toHaveCount(0);
  await expect(memberSelect).toHaveValue('deny');
  await expect(page.getByRole('status').filter({ hasText: 'slack.send_message for member: deny' }).first()).toBeVisible();

  // --- Admin › Insights: June's calls (the check of her token when she connected, and her call), by connector and by tenant ---
  await adminSection(page, 'Insights', 'Insights');
  await expect(page.getByText('2 calls, 0 errors')).toBeVisible();
  await expect(page.getByRole('img', { name: /Calls per day by connector/ })).toBeVisible();
  await expect(page.getByRole('img', { name: /Mean latency per day by profile/ })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Calls per day by profile, days with calls only' })).toContainText('June');
  // Connectors by name, as everywhere a person reads.
  await expect(page.getByRole('table', { name: 'Calls per day by connector, days with calls only' }).getByRole('columnheader', { name: 'Slack', exact: true })).toBeVisible();
  await checkScreen(page, 'admin-insights');

  // --- Admin › Audit: the change, by Sarah ---------------------------------------------------------
  await adminSection(page, 'Audit', 'Audit trail');
  const entry = page.getByRole('row').filter({ hasText: 'slack.send_message for member: deny' });
  await expect(entry).toHaveCount(1);
  await expect(entry).toContainText('Sarah');
  await expect(page.getByRole('alert').filter({ hasText: 'hash chain is broken' })).toHaveCount(0);
  await checkScreen(page, 'admin-audit');

  // --- June: the switch is locked with the reason, and a call is refused -----------------------------
  await switchTo(page, 'June', JUNE);
  await expect(page.getByRole('tab', { name: 'Admin' })).toHaveCount(0);
  await openSlack(page);
  const sendSwitch = page.getByRole('switch', { name: 'Enable Send message' });
  await expect(sendSwitch).toBeDisabled();
  await expect(page.getByText(/admin's policy denies the action slack\.send_message to the member role/)).toBeVisible();
  await trySendMessage(page, 'should be refused');
  await expect(page.getByRole('alert').filter({ hasText: 'POLICY_DENIED' })).toContainText(/policy denies/);
  expect(slackMessages(fake)).toHaveLength(1);
  await checkScreen(page, 'admin-member-locked');

  // --- Sarah: Admin › Space: only admins create profiles from now on -------------------------------
  await switchTo(page, 'Sarah', SARAH);
  await page.getByRole('tab', { name: 'Admin' }).click();
  await adminSection(page, 'Space', 'Space settings');
  await expect(page.getByLabel('Space name')).not.toHaveValue('');
  await expect(page.getByLabel('Default auto-lock for new profiles (minutes)')).toHaveValue('15');
  const creation = page.getByLabel('Who can create profiles');
  await expect(creation).toHaveValue('anyone');
  await creation.selectOption('admins');
  await page.getByRole('button', { name: 'Save space settings' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Space settings saved.' }).first()).toBeVisible();
  await expect(creation).toHaveValue('admins');

  // An OAuth app for GitHub: the secret goes in, the field empties, and only "secret set" shows.
  await expect(page.getByRole('heading', { name: 'OAuth apps', level: 4 })).toBeVisible();
  await page.getByLabel('Connector', { exact: true }).selectOption('github');
  await page.getByLabel('Client ID').fill('Iv1.e2e-client-42');
  await page.getByLabel('Client secret').fill(GITHUB_SECRET);
  await page.getByRole('button', { name: 'Save OAuth app' }).click();
  const githubRow = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /GitHub/ }) });
  await expect(githubRow).toContainText('Iv1.e2e-client-42');
  await expect(githubRow).toContainText('secret set');
  await expect(page.getByLabel('Client secret')).toHaveValue('');
  expect(await page.content()).not.toContain(GITHUB_SECRET);
  await checkScreen(page, 'admin-space');

  // --- The lock screen offers no "New profile", and says why -------------------------------------------
  await showAllProfiles(page);
  await expect(page.getByRole('heading', { name: 'Profiles' })).toBeVisible();
  await expect(page.getByText('Only admins can create profiles on this space: ask an admin to create yours.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'New profile' })).toHaveCount(0);

  // --- Sarah creates Emily's profile from Admin › Profiles: the window switches to Emily ----------------
  await page.getByRole('button', { name: 'Sarah', exact: true }).click();
  await page.getByLabel('Passphrase', { exact: true }).fill(SARAH);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('heading', { name: 'Connectors', level: 2 })).toBeVisible();
  await page.getByRole('tab', { name: 'Admin' }).click();
  await adminSection(page, 'Profiles', 'Profiles');
  await page.getByRole('button', { name: 'New profile' }).click();
  await expect(page.getByRole('heading', { name: 'New profile', level: 1 })).toBeVisible();
  await expect(page.getByText('Creating a profile as Sarah')).toBeVisible();
  await createProfile(page, 'Emily', EMILY);
  await expect(page.getByRole('button', { name: 'Switch profile: Emily, member, unlocked' })).toBeVisible();
  await showAllProfiles(page);
  await expect(page.getByRole('button', { name: 'Emily', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'New profile' })).toHaveCount(0);
});
