/**
 * A data home: a folder holding any number of spaces, each in `spaces/<id>/` with its own
 * registry and vaults. Files are created private to the OS user (0700 folders).
 */
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { SwitchboardError } from '../../shared/errors.js';
import type { SpaceSummary } from '../../shared/model.js';
import { nameKey, normalizeName } from '../../shared/validation.js';
import { storageError } from '../db/storage-errors.js';
import { registryFile, spaceDir, spacesDir } from '../home.js';
import { isWellFormedId, newId } from '../ids.js';
import { Space, type EngineOptions } from './space.js';

export class Home {
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
      const exists = await stat(registryFile(this.dir, id)).then(
        () => true,
        () => false,
      );
      if (!exists) continue;
      const space = await Space.open(this.dir, id, this.options);
      try {
        spaces.push(await space.info());
      } finally {
        await space.close();
      }
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
    let space: Space | undefined;
    try {
      space = await Space.open(this.dir, id, this.options, { create: true });
      await space.registry.run('INSERT INTO space (id, name, created_at) VALUES (?, ?, ?)', [id, name, space.now()]);
      return await space.info();
    } catch (err) {
      await space?.close();
      space = undefined;
      await rm(dir, { recursive: true, force: true });
      throw storageError(err, this.dir);
    } finally {
      await space?.close();
    }
  }

  /**
   * Open a space by id or name. Without a reference, the home's only space; with several,
   * INVALID_INPUT asking which.
   */
  async openSpace(ref?: string): Promise<Space> {
    if (ref !== undefined && isWellFormedId(ref, 'sp_')) {
      // An id names its folder: no need to open every registry to find it.
      if (!(await stat(registryFile(this.dir, ref)).then(() => true, () => false))) throw noSuchSpace(ref);
      return Space.open(this.dir, ref, this.options);
    }
    const spaces = await this.listSpaces();
    if (ref === undefined) {
      if (spaces.length === 1) return Space.open(this.dir, spaces[0]!.id, this.options);
      if (spaces.length === 0) {
        throw new SwitchboardError('NOT_FOUND', `There is no space in ${this.dir} yet. Create one with \`switchboard space create --name NAME\`.`);
      }
      throw new SwitchboardError('INVALID_INPUT', `This home holds ${spaces.length} spaces: choose one with --space ID or NAME.`);
    }
    const matches = spaces.filter((s) => nameKey(s.name) === nameKey(ref));
    if (matches.length === 1) return Space.open(this.dir, matches[0]!.id, this.options);
    if (matches.length > 1) throw new SwitchboardError('CONFLICT', `Several spaces are named ${JSON.stringify(ref)}: choose one by id.`);
    throw noSuchSpace(ref);
  }
}

function noSuchSpace(ref: string): SwitchboardError {
  return new SwitchboardError('NOT_FOUND', `There is no space ${JSON.stringify(ref)} here. List them with \`switchboard space list\`.`);
}
