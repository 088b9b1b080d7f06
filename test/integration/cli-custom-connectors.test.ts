// The CLI over custom connectors: import (dry run, save, re-import with its diff), connect, call,
// export and add back, remove; a member is refused.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeApis } from '../fixtures/fake-saas/openapi-apis.js';
import { PASS_JUNE, PASS_SARAH, removeDir, runCli, tempDir } from '../helpers.js';

const NOTES = join(import.meta.dirname, '..', 'fixtures', 'openapi', 'notes-3.1.yaml');
let dir: string;
let home: string;
let apis: FakeApis;
beforeAll(async () => {
  dir = await tempDir('sb-cli-custom-');
  home = join(dir, 'home');
  apis = await FakeApis.start(120_000);
  apis.accounts.set('tok-june-cli', 'june');
});
afterAll(async () => {
  await apis.stop();
  await removeDir(dir);
});

const as = (pass: string) => ({ env: { SWITCHBOARD_PASSPHRASE: pass } });
const sarah = (args: string[], extra: { input?: string } = {}) => runCli([...args, '--tenant', 'Sarah', '--home', home], { ...as(PASS_SARAH), ...extra });
const june = (args: string[], extra: { input?: string } = {}) => runCli([...args, '--tenant', 'June', '--home', home], { ...as(PASS_JUNE), ...extra });

describe('switchboard connector import / add / export / remove', () => {
  it('runs an admin’s import and a member’s use of it from the command line', async () => {
    expect((await runCli(['space', 'create', '--name', 'Acme', '--home', home])).code).toBe(0);
    expect((await runCli(['tenant', 'create', '--name', 'Sarah', '--home', home], as(PASS_SARAH))).code).toBe(0);
    expect((await runCli(['tenant', 'create', '--name', 'June', '--home', home], as(PASS_JUNE))).code).toBe(0);

    const dry = await sarah(['connector', 'import', NOTES, '--id', 'notes', '--dry-run']);
    expect(dry).toMatchObject({ code: 0 });
    expect(dry.stdout).toMatch(/Notes API \(notes\) — 5 actions; auth: bearer; base URL: https:\/\/notes\.example\.com\/v2/);
    expect(dry.stdout).toMatch(/notes\.delete_note \(deprecated\)\s+write\s+DELETE\s+\/notes\/\{noteId\}/);
    expect(dry.stdout).toMatch(/Not mapped \(auth\): clientCert: mutual TLS/);
    expect(dry.stdout).toMatch(/Dry run: nothing saved\./);
    expect(JSON.parse((await sarah(['connector', 'custom', '--json'])).stdout)).toEqual([]);

    expect((await june(['connector', 'import', NOTES, '--id', 'notes'])).stderr).toMatch(/^error POLICY_DENIED: /);
    const saved = await sarah(['connector', 'import', NOTES, '--id', 'notes', '--select', 'listNotes,getNote']);
    expect(saved.stdout).toMatch(/Saved notes \(version \d+\)/);

    const connected = await june(['connect', 'notes', '--token-stdin', '--base-url', `${apis.url}/v2`], { input: 'tok-june-cli\n' });
    expect(connected).toMatchObject({ code: 0 });
    expect(connected.stdout).toMatch(/notes accepted the credentials/);
    expect((await june(['enable', 'notes.list_notes', 'notes.get_note'])).code).toBe(0);
    const listed = await june(['exec', 'notes.list_notes', '--input', '{"limit":3}']);
    expect(listed).toMatchObject({ code: 0 });
    expect(JSON.parse(listed.stdout)).toEqual({ notes: [] });
    expect(apis.seen.at(-1)).toMatchObject({ path: '/v2/notes', query: { limit: ['3'] }, account: 'june' });

    // Re-importing without getNote: the diff and who loses it, and nothing saved without --yes.
    const change = await sarah(['connector', 'import', NOTES, '--id', 'notes', '--select', 'listNotes,createNote']);
    expect(change.code).toBe(1);
    expect(change.stdout).toMatch(/Changes to notes: added: create_note; removed: get_note; changed inputs: -/);
    expect(change.stdout).toMatch(/June \(tn_\w+\) loses enabled notes\.get_note/);
    expect(change.stderr).toMatch(/^error CONFLICT: Not saved/);
    expect((await sarah(['connector', 'import', NOTES, '--id', 'notes', '--select', 'listNotes,createNote', '--yes'])).code).toBe(0);

    // Export, edit by hand, add back.
    const exported = join(dir, 'notes.connector.json');
    expect((await june(['connector', 'export', 'notes', '--out', exported])).code).toBe(0);
    const definition = JSON.parse(await readFile(exported, 'utf8')) as { name: string; actions: { id: string; title: string }[] };
    expect(definition.actions.map((a) => a.id)).toEqual(['list_notes', 'create_note']);
    definition.name = 'Team notes';
    await writeFile(exported, JSON.stringify(definition));
    expect((await june(['connector', 'add', exported])).stderr).toMatch(/^error POLICY_DENIED: /);
    expect((await sarah(['connector', 'add', exported])).stdout).toMatch(/Team notes \(notes\) — 2 actions[\s\S]*Saved notes/);
    expect(JSON.parse((await june(['connector', 'list', '--json'])).stdout)).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'notes', name: 'Team notes', actionCount: 2 })]));

    // Removing: June loses list_notes; with --yes it goes, and June's credentials with it at her next unlock.
    const removing = await sarah(['connector', 'remove', 'notes']);
    expect(removing.stdout).toMatch(/June \(tn_\w+\) loses enabled notes\.list_notes/);
    expect((await sarah(['connector', 'remove', 'notes', '--yes'])).stdout).toMatch(/^Removed notes\./);
    expect(JSON.parse((await june(['connections', '--json'])).stdout)).toEqual([]);
    expect((await june(['exec', 'notes.list_notes', '--input', '{}'])).stderr).toMatch(/^error NOT_FOUND: /);
  }, 120_000);
});
