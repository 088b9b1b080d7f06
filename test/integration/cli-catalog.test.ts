// `switchboard connector list --json`: every connector with its actions, each with its kind, docs,
// the scopes it needs (where the provider has scopes), its hints and its output schema.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASS_SARAH, removeDir, runCli, tempDir } from '../helpers.js';

let dir: string;
beforeAll(async () => {
  dir = await tempDir('sb-cli-catalog-');
});
afterAll(async () => removeDir(dir));

interface Listed {
  id: string;
  auth: { type: string }[];
  actionCount: number;
  actions: { id: string; kind: string; docs: string; scopes?: string[]; destructive: boolean; idempotent: boolean; outputSchema: { type?: string } }[];
}

describe('switchboard connector list --json', () => {
  it('shows at least 80 actions, each with its output schema, docs and, for OAuth providers with scopes, its scopes', async () => {
    const home = join(dir, 'home');
    const env = { env: { SWITCHBOARD_PASSPHRASE: PASS_SARAH } };
    expect((await runCli(['space', 'create', '--name', 'Acme', '--home', home])).code).toBe(0);
    expect((await runCli(['tenant', 'create', '--name', 'Sarah', '--home', home], env)).code).toBe(0);
    const out = await runCli(['connector', 'list', '--json', '--tenant', 'Sarah', '--home', home], env);
    expect(out.code, out.stderr).toBe(0);
    const connectors = JSON.parse(out.stdout) as Listed[];
    const actions = connectors.flatMap((c) => c.actions.map((a) => ({ ...a, connector: c })));
    expect(actions.length).toBeGreaterThanOrEqual(80);
    for (const c of connectors) expect(c.actions.length, c.id).toBe(c.actionCount);
    for (const a of actions) {
      expect(a.docs, a.id).toMatch(/^https:\/\//);
      expect(a.outputSchema, a.id).toBeTypeOf('object');
      expect(typeof a.destructive, a.id).toBe('boolean');
      if (!['notion', 'http'].includes(a.connector.id)) expect(a.scopes?.length, a.id).toBeGreaterThan(0);
    }
    expect(actions.find((a) => a.id === 'slack.channel_history')).toMatchObject({ kind: 'read', scopes: ['channels:history', 'groups:history', 'im:history', 'mpim:history'], outputSchema: { type: 'object' } });
  });
});
