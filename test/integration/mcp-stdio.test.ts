// MCP over stdio: the SDK's client spawns `switchboard mcp stdio` as an MCP client config would.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSaas } from '../fixtures/fake-saas/server.js';
import { slackMessages } from '../fixtures/fake-saas/slack.js';
import { CLI, PASS_JUNE, PASS_SARAH, removeDir, runCli, tempDir } from '../helpers.js';

let dir: string;
let home: string;
let fake: FakeSaas;

beforeAll(async () => {
  dir = await tempDir('sb-mcp-');
  home = join(dir, 'home');
  fake = await FakeSaas.start();
  fake.addToken('slack', 'xoxb-mcp-sarah-000000001', 'sarah');
  const as = (pass: string) => ({ env: { SWITCHBOARD_PASSPHRASE: pass } });
  await runCli(['space', 'create', '--name', 'Acme', '--home', home]);
  await runCli(['tenant', 'create', '--name', 'Sarah', '--home', home], as(PASS_SARAH));
  await runCli(['tenant', 'create', '--name', 'June', '--home', home], as(PASS_JUNE));
  await runCli(['connect', 'slack', '--tenant', 'Sarah', '--token-stdin', '--base-url', fake.baseUrl('slack'), '--home', home], { ...as(PASS_SARAH), input: 'xoxb-mcp-sarah-000000001\n' });
  await runCli(['enable', 'slack.send_message', '--allow', '--tenant', 'Sarah', '--home', home], as(PASS_SARAH));
}, 60_000);
afterAll(async () => {
  await fake.stop();
  await removeDir(dir);
});

async function connectAs(tenant: string, passphrase: string): Promise<Client> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, 'mcp', 'stdio', '--tenant', tenant, '--home', home],
    env: { PATH: process.env.PATH ?? '', SWITCHBOARD_PASSPHRASE: passphrase },
    stderr: 'pipe',
  });
  const client = new Client({ name: 'stdio-test', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

describe('switchboard mcp stdio', () => {
  it("serves each tenant's own tools and calls with that tenant's token", async () => {
    const sarah = await connectAs('Sarah', PASS_SARAH);
    const june = await connectAs('June', PASS_JUNE);
    try {
      expect((await sarah.listTools()).tools.map((t) => t.name)).toEqual(['slack_send_message']);
      expect((await june.listTools()).tools).toEqual([]);
      const result = await sarah.callTool({ name: 'slack_send_message', arguments: { channel: 'C0001', text: 'over stdio' } });
      expect(result.isError).toBeFalsy();
      expect(slackMessages(fake)).toEqual([expect.objectContaining({ account: 'sarah', text: 'over stdio' })]);
      const refused = await june.callTool({ name: 'slack_send_message', arguments: { channel: 'C0001', text: 'x' } });
      expect(refused.isError).toBe(true);
    } finally {
      await sarah.close();
      await june.close();
    }
  }, 60_000);

  it('a wrong passphrase or a missing profile fails with a clear error and exit 1', async () => {
    const wrong = await runCli(['mcp', 'stdio', '--tenant', 'Sarah', '--home', home], { env: { SWITCHBOARD_PASSPHRASE: 'wrong wrong wrong' } });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/^error WRONG_PASSPHRASE: /);
    const missing = await runCli(['mcp', 'stdio', '--tenant', 'Nobody', '--home', home], { env: { SWITCHBOARD_PASSPHRASE: PASS_SARAH } });
    expect(missing.stderr).toMatch(/^error NOT_FOUND: /);
    const noPass = await runCli(['mcp', 'stdio', '--tenant', 'Sarah', '--home', home]);
    expect(noPass.stderr).toMatch(/^error INVALID_INPUT: Set SWITCHBOARD_PASSPHRASE/);
  }, 60_000);
});
