// An agent's call arrives while Sarah is on the Connectors screen: she sees the badge, opens the
// request, reads what will be sent, and approves it with the keyboard; Activity shows the approval.
// The agent is the MCP SDK's client, spawning `switchboard mcp stdio` on the served home: another
// process, so the window learns of the request from the vault, not from its own session.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { FakeSaas } from '../fixtures/fake-saas/server.js';
import { slackMessages } from '../fixtures/fake-saas/slack.js';
import { checkScreen } from './screen-check.js';
import { startServe, type Served } from './serve-fixture.js';

const SARAH = 'correct horse battery staple';
const CLI = join(import.meta.dirname, '..', '..', 'bin', 'switchboard.js');
const INPUT = { channel: 'C0001', text: 'The quarterly report is ready for review' };

let served: Served;
let fake: FakeSaas;
let agent: Client | undefined;

test.beforeAll(async () => {
  fake = await FakeSaas.start();
  fake.addToken('slack', 'xoxb-sarah-e2e-000000001', 'sarah');
  served = await startServe();
});
test.afterAll(async () => {
  await agent?.close().catch(() => undefined);
  await served?.stop();
  await fake?.stop();
});

test('an agent’s call waits for Sarah, who reads it and approves it from the keyboard', async ({ page }) => {
  await page.goto(served.url);
  await page.getByLabel('Profile name').fill('Sarah');
  await page.getByLabel('Passphrase', { exact: true }).fill(SARAH);
  await page.getByLabel('Repeat passphrase').fill(SARAH);
  await page.getByRole('button', { name: 'Create profile' }).click();
  await page.getByLabel('I have stored my recovery key safely').check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { name: 'Connectors', level: 2 })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Approvals', exact: true })).toBeVisible();

  // Slack connected, "send message" on: a write, so agents ask first.
  await page.getByRole('button', { name: 'Open Slack' }).click();
  await page.getByLabel('Token').fill('xoxb-sarah-e2e-000000001');
  await page.getByLabel('API base URL').fill(fake.baseUrl('slack'));
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Disconnect' })).toBeVisible();
  await page.getByRole('switch', { name: 'Enable Send message' }).check();
  await expect(page.getByRole('radio', { name: 'Ask me first' }).first()).toBeChecked();
  await checkScreen(page, 'approvals-01-ask-mode');
  await page.getByRole('tab', { name: 'Connectors' }).click();
  await expect(page.getByRole('heading', { name: 'Connectors', level: 2 })).toBeVisible();

  // The agent calls.
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, 'mcp', 'stdio', '--tenant', 'Sarah', '--home', served.home],
    env: { PATH: process.env.PATH ?? '', HOME: served.home, SWITCHBOARD_PASSPHRASE: SARAH },
    stderr: 'pipe',
  });
  agent = new Client({ name: 'Claude Desktop', version: '1.0.0' });
  await agent.connect(transport);
  const call = agent.callTool({ name: 'slack_send_message', arguments: INPUT }, undefined, { timeout: 110_000 });

  // Still on Connectors: the badge says one call waits.
  const approvals = page.getByRole('button', { name: /^Approvals\s*1 waiting for you$/ });
  await expect(approvals).toBeVisible();
  await expect(page.getByTestId('approvals-badge')).toHaveText(/^1\s*waiting for you$/);
  await expect(page.getByRole('heading', { name: 'Connectors', level: 2 })).toBeVisible();
  expect(slackMessages(fake)).toEqual([]);
  await checkScreen(page, 'approvals-02-badge');

  // The keyboard from here on: open the list, the request, approve.
  await page.keyboard.press('Alt+Shift+A');
  const drawer = page.getByRole('dialog', { name: 'Waiting for your approval' });
  await expect(drawer).toBeVisible();
  await expect(drawer).toContainText('Send message on Slack');
  await expect(drawer).toContainText('From Claude Desktop');
  await checkScreen(page, 'approvals-03-drawer');
  await drawer.getByRole('button', { name: 'Review Send message' }).focus();
  await page.keyboard.press('Enter');

  const dialog = page.getByRole('dialog', { name: 'Approve Send message?' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Claude Desktop asks to run Send message');
  await expect(dialog).toContainText('Slack');
  await expect(dialog).toContainText(fake.baseUrl('slack'));
  const fields = dialog.getByRole('region', { name: 'What will be sent' });
  await expect(fields).toContainText('Channel');
  await expect(fields).toContainText('C0001');
  await expect(fields).toContainText('The quarterly report is ready for review');
  await expect(dialog).toContainText('Alt');
  // Focus starts on "Approve once"; its shortcut works as well.
  await expect(dialog.getByRole('button', { name: 'Approve once' })).toBeFocused();
  await checkScreen(page, 'approvals-04-dialog');
  await page.keyboard.press('Alt+A');

  const result = await call;
  expect(result.isError).toBeFalsy();
  expect(slackMessages(fake)).toEqual([expect.objectContaining({ account: 'sarah', ...INPUT })]);
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Approvals', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Approvals', exact: true })).toBeFocused();

  // Activity: the call, approved in the app, how long it waited and the hash it was bound to.
  await page.getByRole('tab', { name: 'Activity' }).click();
  const row = page.getByRole('row').filter({ hasText: 'slack.send_message' }).first();
  await expect(row).toContainText('An AI agent over MCP (Claude Desktop)');
  await expect(row).toContainText('approved');
  await expect(row).toContainText('in the app');
  await expect(row).toContainText(/after \d+\.\d s/);
  await checkScreen(page, 'approvals-05-activity');

  // "Allow" on the connector page: the agent's next call runs without asking.
  await page.getByRole('tab', { name: 'Connectors' }).click();
  await page.getByRole('button', { name: 'Open Slack' }).click();
  await page.getByText('Allow', { exact: true }).first().click();
  await expect(page.getByRole('radio', { name: 'Allow' }).first()).toBeChecked();
  const direct = await agent.callTool({ name: 'slack_send_message', arguments: { ...INPUT, text: 'no need to ask' } }, undefined, { timeout: 30_000 });
  expect(direct.isError).toBeFalsy();
  expect(slackMessages(fake).map((m) => m.text)).toEqual([INPUT.text, 'no need to ask']);

  // The wait is a profile setting.
  await page.getByRole('tab', { name: 'Settings' }).click();
  await page.getByLabel('Agents wait for approval (seconds)').fill('45');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Settings saved.')).toBeVisible();
  await page.reload();
  await page.getByRole('tab', { name: 'Settings' }).click();
  await expect(page.getByLabel('Agents wait for approval (seconds)')).toHaveValue('45');
});
