// Attack 10: another process keeps deleting and putting back a deny rule while a denied profile
// calls as fast as it can, hoping a call reads the rules in the moment the rule is gone. Decisions
// read the signed statement the check verified, never the rows beside it: no call gets through.
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { builtinCatalog, connect, enableActions } from '../../src/engine/index.js';
import { runAs } from '../helpers.js';
import { world, type World } from '../integration/router-helpers.js';
import { registryPath } from './attacker.js';

const catalog = builtinCatalog();
let w: World;
afterEach(async () => w?.close());

describe('a deny rule flipped by another process', () => {
  it('lets no call through while it flips', async () => {
    w = await world();
    w.fake.addToken('slack', 'xoxb-june-0000000000002', 'june');
    await connect(w.june, catalog, { connectorId: 'slack', authType: 'bearer', credentials: { token: 'xoxb-june-0000000000002' }, baseUrl: w.fake.baseUrl('slack') });
    await enableActions(w.june, catalog, ['slack.send_message']);
    await runAs(w.space, w.sarah, 'admin.setPolicy', { subject: 'slack.send_message', role: 'member', effect: 'deny' });
    const send = () => w.router.execute(w.june, 'slack.send_message', { channel: 'C0001', text: 'x' }, { via: 'ui' });
    await expect(send()).rejects.toMatchObject({ code: 'POLICY_DENIED' });

    // The flipper runs from a temp folder (the checkout may not be readable to a child's cwd), bounded in time.
    const script = join(w.dir, 'flip.cjs');
    await writeFile(
      script,
      `const Database = require(${JSON.stringify(join(process.cwd(), 'node_modules/better-sqlite3-multiple-ciphers'))});
       const db = new Database(process.argv[2], { timeout: 1000 });
       const row = db.prepare("SELECT * FROM policy_rule WHERE subject = 'slack.send_message' AND role = 'member'").get();
       const del = db.prepare("DELETE FROM policy_rule WHERE subject = 'slack.send_message' AND role = 'member'");
       const ins = db.prepare('INSERT INTO policy_rule (subject, role, effect, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)');
       const end = Date.now() + 6000;
       while (Date.now() < end) { try { del.run(); ins.run(row.subject, row.role, row.effect, row.updated_at, row.updated_by); } catch {} }`,
    );
    const child = spawn(process.execPath, [script, registryPath(w.space)], { stdio: 'ignore' });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    const codes = new Map<string, number>();
    const until = Date.now() + 4000;
    try {
      while (Date.now() < until) {
        const code = await send().then(
          () => 'ok',
          (err: { code?: string }) => err.code ?? 'unknown',
        );
        codes.set(code, (codes.get(code) ?? 0) + 1);
      }
    } finally {
      child.kill();
      await exited;
    }
    expect(codes.get('ok') ?? 0).toBe(0);
    expect(codes.get('POLICY_DENIED') ?? 0).toBeGreaterThan(10);
    expect(w.fake.requestsTo('slack', '/chat.postMessage')).toHaveLength(0);
  });
});
