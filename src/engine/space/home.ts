/**
 * A data home: a folder holding any number of spaces, each in `spaces/<id>/` with its own
 * registry and vaults. Files are created private to the OS user (0700 folders).
 *
 * A process has one Home per folder and the Home one Space per space id: every window, command
 * and gateway of the process shares it, so a profile deleted or demoted through one of them is
 * locked or re-checked in all of them at once. `close()` closes every space it opened.
 */
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { SwitchboardError } from '../../shared/errors.js';
import type { SpaceSummary } from '../../shared/model.js';
import { nameKey, normalizeName } from '../../shared/validation.js';
import { storageError } from '../db/storage-errors.js';
import { registryFile, spaceDir, spacesDir } from './paths.js';
import { isWellFormedId, newId } from './ids.js';
import { Space, type EngineOptions } from './space.js';

export class Home {
  readonly #spaces = new Map<string, Promise<Space>>();

  constructor(
    readonly dir: string,
    readonly options: EngineOptions = {},
  ) {}

  /** Every space in this home, oldest first. A missing home has none (and is not created). */
  async listSpaces(): Promise<SpaceSummary[]> {
    let entries: string[];
    try {
      entries = await readdir(spacesDir(this.dir));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw storageError(err, this.dir);
    }
    const spaces: SpaceSummary[] = [];
    for (const id of entries.filter((e) => isWellFormedId(e, 'sp_')).sort()) {
      if (!(await exists(registryFile(this.dir, id)))) continue;
      spaces.push(await (await this.#open(id)).info());
    }
    return spaces.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  async createSpace(rawName: unknown): Promise<SpaceSummary> {
    const name = normalizeName(rawName, 'space');
    const existing = await this.listSpaces();
    if (existing.some((s) => nameKey(s.name) === nameKey(name))) {
      throw new SwitchboardError('CONFLICT', `A space named ${JSON.stringify(name)} already exists here. Choose another name.`);
    }
    const id = newId('sp_');
    const dir = spaceDir(this.dir, id);
    try {
      await mkdir(this.dir, { recursive: true, mode: 0o700 });
      await mkdir(dir + '/vaults', { recursive: true, mode: 0o700 });
    } catch (err) {
      throw storageError(err, this.dir);
    }
    try {
      const space = await this.#open(id, { create: true });
      await space.registry.run('INSERT INTO space (id, name, created_at) VALUES (?, ?, ?)', [id, name, space.now()]);
      return await space.info();
    } catch (err) {
      await (await this.#spaces.get(id)?.catch(() => undefined))?.close();
      await rm(dir, { recursive: true, force: true });
      throw storageError(err, this.dir);
    }
  }

  /**
   * Bring a space that exists elsewhere (a team space being joined) into this home, under its own
   * id, name and creation time; `fill` writes its first state before anyone can use it, and a
   * failure leaves nothing behind. CONFLICT when this home has it already.
   */
  async adoptSpace(id: string, rawName: unknown, createdAt: number, fill: (space: Space) => Promise<void>): Promise<Space> {
    if (!isWellFormedId(id, 'sp_')) throw new SwitchboardError('INVALID_INPUT', 'That is not a space id.');
    const name = normalizeName(rawName, 'space');
    if (await exists(registryFile(this.dir, id))) throw new SwitchboardError('CONFLICT', `This machine has space ${id} already (${JSON.stringify(name)}).`);
    const dir = spaceDir(this.dir, id);
    try {
      await mkdir(dir + '/vaults', { recursive: true, mode: 0o700 });
    } catch (err) {
      throw storageError(err, this.dir);
    }
    try {
      const space = await this.#open(id, { create: true });
      await space.registry.run('INSERT INTO space (id, name, created_at) VALUES (?, ?, ?)', [id, name, createdAt]);
      await fill(space);
      return space;
    } catch (err) {
      await (await this.#spaces.get(id)?.catch(() => undefined))?.close();
      await rm(dir, { recursive: true, force: true });
      throw err;
    }
  }

  /**
   * The space with this id or name, shared by every caller in this process. Without a reference,
   * the home's only space; with several, INVALID_INPUT asking which.
   */
  async openSpace(ref?: string): Promise<Space> {
    if (ref !== undefined && isWellFormedId(ref, 'sp_')) {
      // An id names its folder: no need to open every registry to find it.
      if (!this.#spaces.has(ref) && !(await exists(registryFile(this.dir, ref)))) throw noSuchSpace(ref);
      return this.#open(ref);
    }
    const spaces = await this.listSpaces();
    if (ref === undefined) {
      if (spaces.length === 1) return this.#open(spaces[0]!.id);
      if (spaces.length === 0) {
        throw new SwitchboardError('NOT_FOUND', `There is no space in ${this.dir} yet. Create one with \`switchboard space create --name NAME\`.`);
      }
      throw new SwitchboardError('INVALID_INPUT', `This home holds ${spaces.length} spaces: choose one with --space ID or NAME.`);
    }
    const matches = spaces.filter((s) => nameKey(s.name) === nameKey(ref));
    if (matches.length === 1) return this.#open(matches[0]!.id);
    if (matches.length > 1) throw new SwitchboardError('CONFLICT', `Several spaces are named ${JSON.stringify(ref)}: choose one by id.`);
    throw noSuchSpace(ref);
  }

  /** Close every space this home opened (locking their sessions). */
  async close(): Promise<void> {
    const open = [...this.#spaces.values()];
    this.#spaces.clear();
    for (const pending of open) await (await pending.catch(() => undefined))?.close();
  }

  #open(id: string, { create = false } = {}): Promise<Space> {
    let pending = this.#spaces.get(id);
    if (!pending) {
      pending = Space.open(this.dir, id, this.options, { create, onClose: () => this.#spaces.delete(id) });
      this.#spaces.set(id, pending);
      pending.catch(() => this.#spaces.delete(id));
    }
    return pending;
  }
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

function noSuchSpace(ref: string): SwitchboardError {
  return new SwitchboardError('NOT_FOUND', `There is no space ${JSON.stringify(ref)} here. List them with \`switchboard space list\`.`);
}
