// A new person's first hour, in a real browser: the welcome names the space and says who is admin,
// logos instead of emoji, mistakes refused on the field in words (never clamped or cut), the
// profile switcher, activity that opens to its detail, and a lockout that counts down while the
// recovery form stays usable.
import { expect, test, type Page } from '@playwright/test';
import { FakeSaas } from '../fixtures/fake-saas/server.js';
import { slackMessages } from '../fixtures/fake-saas/slack.js';
import { checkScreen } from './screen-check.js';
import { startServe, type Served } from './serve-fixture.js';

const SARAH = 'correct horse battery staple';
const JUNE = 'violet ocean tractor whisper';
/** Extended_Pictographic: any emoji in the page's text. */
const EMOJI = /\p{Extended_Pictographic}/u;

let served: Served;
let fake: FakeSaas;

test.beforeAll(async () => {
  fake = await FakeSaas.start();
  fake.addToken('slack', 'xoxb-sarah-e2e-000000001', 'sarah');
  served = await startServe();
});
test.afterAll(async () => {
  await served?.stop();
  await fake?.stop();
});

async function createProfile(page: Page, name: string, passphrase: string): Promise<string> {
  await page.getByLabel('Profile name').fill(name);
  await page.getByLabel('Passphrase', { exact: true }).fill(passphrase);
  await page.getByLabel('Repeat passphrase').fill(passphrase);
  await page.getByRole('button', { name: 'Create profile' }).click();
  await expect(page.getByRole('heading', { name: 'Your recovery key' })).toBeVisible();
  const key = (await page.locator('.sb-recovery-key').innerText()).trim();
  await page.getByLabel('I have stored my recovery key safely').check();
  await page.getByRole('button', { name: 'Continue' }).click();
  return key;
}

async function profileMenu(page: Page): Promise<void> {
  await page.getByRole('button', { name: /^Switch profile/ }).click();
}

test('first run, logos, errors on the field, the profile switcher, activity detail and the lockout', async ({ page }) => {
  await page.goto(served.url);

  // --- first run: a welcome, the space named, the first profile said to be the admin -------------
  await expect(page.getByRole('heading', { name: 'Welcome to Switchboard' })).toBeVisible();
  await expect(page.getByText('This first profile becomes the space’s admin')).toBeVisible();
  await checkScreen(page, 'd01-welcome');
  await page.getByLabel('Space name').fill('Acme design team');
  // Too long is refused on the field with the limit, never cut to fit.
  await page.getByLabel('Profile name').fill('S'.repeat(70));
  await expect(page.getByLabel('Profile name')).toHaveValue('S'.repeat(70));
  await expect(page.getByText('This is 70 characters; the limit is 64. Shorten it by 6.')).toBeVisible();
  const sarahKey = await createProfile(page, 'Sarah', SARAH);
  expect(sarahKey.length).toBeGreaterThan(50);
  await expect(page.getByRole('banner')).toContainText('Acme design team');
  // The Space ID left the header for Admin › Space.
  await expect(page.getByRole('banner').getByText('Space ID')).toHaveCount(0);

  // --- logos, not emoji ------------------------------------------------------------------------
  await expect(page.getByRole('button', { name: 'Open GitHub' })).toBeVisible();
  expect(EMOJI.test(await page.locator('body').innerText())).toBe(false);
  const githubCard = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'GitHub' }) });
  await expect(githubCard.locator('svg.sb-icon path')).toHaveCount(1);
  const slackCard = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Slack', exact: true }) });
  await expect(slackCard.locator('svg.sb-icon text')).toHaveText('S');
  await checkScreen(page, 'd02-catalog');

  // --- Admin › Space holds the Space ID; Admin says Profiles ---------------------------------------
  await page.getByRole('tab', { name: 'Admin' }).click();
  await expect(page.getByRole('tab', { name: 'Profiles', exact: true })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Tenants' })).toHaveCount(0);
  await page.getByRole('tab', { name: 'Space', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Copy space ID' })).toBeVisible();
  await checkScreen(page, 'd03-admin-space');

  // --- settings: out of range is refused on the field with the range, never clamped --------------
  await page.getByRole('tab', { name: 'Settings' }).click();
  const autoLock = page.getByLabel('Auto-lock after (minutes)');
  await expect(autoLock).not.toHaveValue('');
  await autoLock.fill('0');
  await autoLock.blur();
  await expect(autoLock).toHaveValue('0');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Enter a whole number of minutes from 1 to 1440.')).toBeVisible();
  await autoLock.fill('99999');
  await autoLock.blur();
  await expect(autoLock).toHaveValue('99999');
  await checkScreen(page, 'd04-settings-refused');
  // Nothing was saved: the screen, opened again, shows the setting as it was.
  await page.getByRole('tab', { name: 'Activity' }).click();
  await page.getByRole('tab', { name: 'Settings' }).click();
  await expect(page.getByLabel('Auto-lock after (minutes)')).toHaveValue('15');

  // --- connect Slack; the Try form checks fields in words before sending --------------------------
  await page.getByRole('tab', { name: 'Connectors' }).click();
  await page.getByRole('button', { name: 'Open Slack' }).click();
  await page.getByLabel('Token').fill('xoxb-sarah-e2e-000000001');
  // A wrong URL is said on its field, and the token typed beside it stays.
  await page.getByLabel('API base URL').fill('http://slack.example.com');
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByText(/The base URL must use https/)).toBeVisible();
  await expect(page.getByLabel('Token')).toHaveValue('xoxb-sarah-e2e-000000001');
  await checkScreen(page, 'd05a-connect-url-refused');
  await page.getByLabel('API base URL').fill(fake.baseUrl('slack'));
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Disconnect' })).toBeVisible();
  await page.getByRole('switch', { name: 'Enable Send message' }).check();
  await page.getByRole('button', { name: 'Try Send message' }).click();
  await expect(page.getByLabel('Channel', { exact: true })).toBeVisible();
  await expect(page.getByLabel('Thread', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByText('Enter the channel, e.g. C0123ABCD or #general.')).toBeVisible();
  await page.getByLabel('Channel', { exact: true }).fill('C0001');
  const long = 'x'.repeat(50_400);
  await page.getByLabel('Message text', { exact: true }).fill(long);
  await expect(page.getByLabel('Message text', { exact: true })).toHaveValue(long); // never cut to fit
  await page.getByLabel('Thread', { exact: true }).fill('yesterday');
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByText('This is 50,400 characters; the limit is 40,000. Shorten it by 10,400.')).toBeVisible();
  await expect(page.getByText('This is not a valid thread: enter it like this, e.g. 1700000000.000100.')).toBeVisible();
  expect(slackMessages(fake)).toEqual([]);
  await checkScreen(page, 'd05-fields-refused');
  await page.getByLabel('Message text', { exact: true }).fill('Hello, in words');
  await page.getByLabel('Thread', { exact: true }).fill('');
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByLabel('Result')).toContainText('"ts"');
  expect(slackMessages(fake)).toEqual([expect.objectContaining({ text: 'Hello, in words' })]);

  // --- activity: filter by names, open a row to its detail ----------------------------------------
  await page.getByRole('tab', { name: 'Activity' }).click();
  await page.getByLabel('Connector', { exact: true }).selectOption({ label: 'Slack' });
  await page.getByLabel('Action', { exact: true }).selectOption({ label: 'Send message' });
  const row = page.getByRole('row').filter({ hasText: 'slack.send_message' }).first();
  await expect(row).toContainText('Slack · Send message');
  await row.getByRole('button').click();
  const detail = page.locator('[id^="activity-detail-"]');
  await expect(detail).toContainText('HTTP 200');
  await expect(detail).toContainText('You, in this app');
  await expect(detail).toContainText('Hello, in words');
  await checkScreen(page, 'd06-activity-detail');
  await page.getByLabel('Connector', { exact: true }).selectOption({ label: 'GitHub' });
  await expect(page.getByRole('status').filter({ hasText: 'No activity matches these filters.' })).toBeVisible();
  await expect(page.getByText('No calls yet.')).toHaveCount(0);

  // --- June joins; the switcher lists both with their lock state ----------------------------------
  await profileMenu(page);
  await page.getByRole('button', { name: 'Lock and show all profiles' }).click();
  await page.getByRole('button', { name: 'New profile' }).click();
  await expect(page.getByRole('heading', { name: 'Welcome to Switchboard' })).toHaveCount(0);
  await createProfile(page, 'June', JUNE);
  await profileMenu(page);
  await expect(page.getByText('June (unlocked, this window)')).toBeVisible();
  await expect(page.getByRole('button', { name: /^Sarah \(locked\)/ })).toBeVisible();
  await checkScreen(page, 'd07-profile-switcher');
  await page.getByRole('button', { name: /^Sarah \(locked\)/ }).click();
  await expect(page.getByText('Unlock Sarah')).toBeVisible();

  // --- fast switching: unlocking Sarah keeps June unlocked in this window; back to June without her passphrase
  await page.getByLabel('Passphrase', { exact: true }).fill(SARAH);
  await page.getByRole('button', { name: 'Unlock', exact: true }).click();
  await expect(page.getByRole('button', { name: /^Switch profile: Sarah/ })).toBeVisible();
  await profileMenu(page);
  await page.getByRole('button', { name: /^June \(unlocked, switch without passphrase\)/ }).click();
  await expect(page.getByRole('button', { name: /^Switch profile: June/ })).toBeVisible();
  await profileMenu(page);
  await page.getByRole('button', { name: /^Sarah \(unlocked, switch without passphrase\)/ }).click();
  await expect(page.getByRole('button', { name: /^Switch profile: Sarah/ })).toBeVisible();
  await profileMenu(page);
  await page.getByRole('button', { name: 'Lock Sarah' }).click();
  await expect(page.getByText('Unlock Sarah')).toBeVisible();

  // --- lockout: the wait counts down, Unlock is disabled, the recovery form stays usable ----------
  const passphrase = page.getByLabel('Passphrase', { exact: true });
  for (let i = 0; i < 5; i++) {
    await passphrase.fill(`wrong passphrase ${i}`);
    await page.getByRole('button', { name: 'Unlock', exact: true }).click();
    await expect(page.locator('#unlock-error')).toBeVisible();
    if (i < 4) await expect(page.getByRole('button', { name: 'Unlock', exact: true })).toBeEnabled();
  }
  await expect(page.getByRole('timer')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Unlock', exact: true })).toBeDisabled();
  await expect(passphrase).toHaveValue('wrong passphrase 4'); // kept, to be corrected
  const first = await page.getByRole('timer').innerText();
  await expect(page.getByRole('timer')).not.toHaveText(first); // it counts down
  await checkScreen(page, 'd08-lockout');
  await page.getByRole('button', { name: 'Forgot passphrase' }).click();
  const key = page.getByLabel('Recovery key');
  const mistyped = `${sarahKey.slice(0, -4)}ZZZZ`;
  await key.fill(mistyped);
  await page.getByLabel('New passphrase', { exact: true }).fill('lantern meadow copper violin');
  await page.getByLabel('Repeat new passphrase').fill('lantern meadow copper violin');
  await page.getByRole('button', { name: 'Reset passphrase' }).click();
  await expect(page.getByRole('alert').or(page.locator('.mantine-Alert-root')).filter({ hasText: /recovery key/i }).first()).toBeVisible();
  await expect(key).toHaveValue(mistyped); // kept on error
  await key.fill(sarahKey);
  await page.getByRole('button', { name: 'Reset passphrase' }).click();
  await expect(page.getByText(/The passphrase of Sarah is reset/)).toBeVisible();
  await page.mouse.move(0, 0); // the pointer left on a button would be checked in its hover colours
  await checkScreen(page, 'd09-reset');
});
