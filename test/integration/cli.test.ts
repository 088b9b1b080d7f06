// The real `switchboard` binary (bin/switchboard.js over the built bundle), as a person or a script runs it.
import { chmod, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASS_JUNE, PASS_SARAH, fileExists, removeDir, runCli, tempDir } from '../helpers.js';

let dir: string;
beforeAll(async () => {
  dir = await tempDir('sb-cli-');
});
afterAll(async () => removeDir(dir));

const USAGE_LINE = /^usage: switchboard /m;

describe('switchboard CLI', () => {
  it('runs the first-day journey: space, profiles, unlock, passwd, recover, delete', async () => {
    const home = join(dir, 'journey');
    const created = await runCli(['space', 'create', '--name', 'Acme', '--home', home]);
    expect(created).toMatchObject({ code: 0, stderr: '' });
    const spaceId = created.stdout.trim();
    expect(spaceId).toMatch(/^sp_[a-z0-9]{16}$/);

    // Global options before or after the command.
    const spaces = await runCli(['--json', '--home', home, 'space', 'list']);
    expect(JSON.parse(spaces.stdout)).toEqual([{ id: spaceId, name: 'Acme', createdAt: expect.any(String) }]);

    const sarah = await runCli(['tenant', 'create', '--name', 'Sarah', '--home', home, '--json'], {
      env: { SWITCHBOARD_PASSPHRASE: PASS_SARAH },
    });
    expect(sarah.code).toBe(0);
    const sarahJson = JSON.parse(sarah.stdout);
    expect(sarahJson).toEqual({
      id: expect.stringMatching(/^tn_/),
      name: 'Sarah',
      role: 'admin',
      createdAt: expect.any(String),
      recoveryKey: expect.stringMatching(/^([0-9A-Z]{4}-){12}[0-9A-Z]{4}$/),
    });

    // Human output: the id, then the recovery key once.
    const june = await runCli(['tenant', 'create', '--name', 'June', '--home', home, '--passphrase-stdin'], {
      input: `${PASS_JUNE}\n`,
    });
    expect(june.code).toBe(0);
    expect(june.stdout.split('\n')[0]).toMatch(/^tn_/);
    expect(june.stdout).toMatch(/Recovery key/);

    const list = await runCli(['tenant', 'list', '--json', '--home', home, '--space', 'acme']);
    const tenants = JSON.parse(list.stdout) as Record<string, unknown>[];
    expect(tenants.map((t) => [t.name, t.role])).toEqual([
      ['June', 'member'],
      ['Sarah', 'admin'],
    ]);
    expect(Object.keys(tenants[0]!).sort()).toEqual(['createdAt', 'id', 'name', 'role']);
    expect(list.stdout).not.toContain(sarahJson.recoveryKey);

    expect((await runCli(['tenant', 'unlock', '--tenant', 'sarah', '--home', home], { env: { SWITCHBOARD_PASSPHRASE: PASS_SARAH } })).code).toBe(0);

    const wrong = await runCli(['tenant', 'unlock', '--tenant', 'Sarah', '--home', home], {
      env: { SWITCHBOARD_PASSPHRASE: 'definitely not it' },
    });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/^error WRONG_PASSPHRASE: /);
    expect(wrong.stderr).not.toContain('definitely not it');

    const wrongJson = await runCli(['tenant', 'unlock', '--tenant', 'Sarah', '--home', home, '--json'], {
      env: { SWITCHBOARD_PASSPHRASE: 'definitely not it' },
    });
    expect(wrongJson.code).toBe(1);
    expect(JSON.parse(wrongJson.stdout)).toEqual({ error: { code: 'WRONG_PASSPHRASE', message: expect.any(String) } });

    // passwd: current on line 1, new on line 2.
    const NEW = 'granite meadow lantern cobalt';
    const passwd = await runCli(['tenant', 'passwd', '--tenant', 'June', '--home', home, '--passphrase-stdin'], {
      input: `${PASS_JUNE}\n${NEW}\n`,
    });
    expect(passwd).toMatchObject({ code: 0 });
    expect((await runCli(['tenant', 'unlock', '--tenant', 'June', '--home', home], { env: { SWITCHBOARD_PASSPHRASE: NEW } })).code).toBe(0);

    // recover: the recovery key on stdin, the new passphrase from the environment.
    const recovered = await runCli(['tenant', 'recover', '--tenant', 'Sarah', '--home', home, '--recovery-key-stdin'], {
      input: `${sarahJson.recoveryKey}\n`,
      env: { SWITCHBOARD_NEW_PASSPHRASE: 'orchid tundra saxophone pebble' },
    });
    expect(recovered.code).toBe(0);
    expect(
      (await runCli(['tenant', 'unlock', '--tenant', 'Sarah', '--home', home], { env: { SWITCHBOARD_PASSPHRASE: 'orchid tundra saxophone pebble' } })).code,
    ).toBe(0);

    // An admin deletes June; her vault file goes.
    const vaultsDir = join(home, 'spaces', spaceId, 'vaults');
    expect(await readdir(vaultsDir)).toHaveLength(2);
    const deleted = await runCli(['tenant', 'delete', '--tenant', 'June', '--as', 'Sarah', '--home', home], {
      env: { SWITCHBOARD_PASSPHRASE: 'orchid tundra saxophone pebble' },
    });
    expect(deleted.code).toBe(0);
    expect((await readdir(vaultsDir)).filter((f) => f.endsWith('.db'))).toHaveLength(1);
  }, 120_000);

  it('refuses a weak passphrase, a taken name and a non-UTF-8 passphrase with clear errors', async () => {
    const home = join(dir, 'bad-input');
    await runCli(['space', 'create', '--name', 'Acme', '--home', home]);
    const weak = await runCli(['tenant', 'create', '--name', 'Sarah', '--home', home], { env: { SWITCHBOARD_PASSPHRASE: 'password' } });
    expect(weak.code).toBe(1);
    expect(weak.stderr).toMatch(/^error INVALID_INPUT: That passphrase is too weak/);

    const bytes = Buffer.from([0x63, 0x61, 0x66, 0xc3, 0x28, 0xff, 0xfe, 0x0a]);
    const nonUtf8 = await runCli(['tenant', 'create', '--name', 'Sarah', '--home', home, '--passphrase-stdin'], { input: bytes });
    expect(nonUtf8.code).toBe(1);
    expect(nonUtf8.stderr).toMatch(/^error INVALID_INPUT: .*UTF-8/);

    const empty = await runCli(['tenant', 'create', '--name', '   ', '--home', home], { env: { SWITCHBOARD_PASSPHRASE: PASS_SARAH } });
    expect(empty.stderr).toMatch(/^error INVALID_INPUT: The profile name is empty/);

    // No terminal and no passphrase source: say where a passphrase can come from.
    const none = await runCli(['tenant', 'unlock', '--tenant', 'Sarah', '--home', home]);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/SWITCHBOARD_PASSPHRASE|NOT_FOUND/);

    expect((await runCli(['tenant', 'create', '--name', 'Sarah', '--home', home], { env: { SWITCHBOARD_PASSPHRASE: PASS_SARAH } })).code).toBe(0);
    const taken = await runCli(['tenant', 'create', '--name', 'sarah', '--home', home], { env: { SWITCHBOARD_PASSPHRASE: PASS_JUNE } });
    expect(taken.code).toBe(1);
    expect(taken.stderr).toMatch(/^error CONFLICT: /);
  }, 60_000);

  it('exits 2 with the usage line on usage mistakes, and never takes a passphrase as an argument', async () => {
    for (const args of [['bogus'], ['space', 'create'], ['tenant', 'unlock', '--tenant', 'x', '--passphrase', 'secret words here'], ['--nope']]) {
      const result = await runCli(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(USAGE_LINE);
    }
    expect((await runCli(['--help'])).code).toBe(0);
  });

  it('reads a missing home as empty without creating it, and creates it on the first write', async () => {
    const home = join(dir, 'missing', 'deeper');
    const list = await runCli(['space', 'list', '--json', '--home', home]);
    expect(list).toMatchObject({ code: 0 });
    expect(JSON.parse(list.stdout)).toEqual([]);
    const tenants = await runCli(['tenant', 'list', '--home', home]);
    expect(tenants.code).toBe(1);
    expect(tenants.stderr).toMatch(/^error NOT_FOUND: There is no space .* space create/);
    expect(await fileExists(home)).toBe(false);
    expect((await runCli(['space', 'create', '--name', 'Acme', '--home', home])).code).toBe(0);
    expect(await fileExists(join(home, 'spaces'))).toBe(true);
  });

  it('uses SWITCHBOARD_HOME when there is no --home, and asks which space when there are several', async () => {
    const home = join(dir, 'env-home');
    await runCli(['space', 'create', '--name', 'One'], { env: { SWITCHBOARD_HOME: home } });
    await runCli(['space', 'create', '--name', 'Two'], { env: { SWITCHBOARD_HOME: home } });
    const ambiguous = await runCli(['tenant', 'list'], { env: { SWITCHBOARD_HOME: home } });
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.stderr).toMatch(/--space/);
    expect((await runCli(['tenant', 'list', '--space', 'Two'], { env: { SWITCHBOARD_HOME: home } })).code).toBe(0);
  });

  it('says clearly when the home cannot be written, and changes nothing', async () => {
    const home = join(dir, 'read-only');
    await mkdir(home, { mode: 0o755 });
    // As root, permissions do not bind: run the CLI as `nobody` instead, in a folder root owns.
    const asRoot = process.getuid?.() === 0;
    if (!asRoot) await chmod(home, 0o555);
    const result = await runCli(['space', 'create', '--name', 'Acme', '--home', home], asRoot ? { uid: 65534, gid: 65534, env: { HOME: '/tmp' } } : {});
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error STORAGE_ERROR: Cannot read or write the Switchboard data folder .*--home/);
    expect(await readdir(home)).toEqual([]);
  });
});
