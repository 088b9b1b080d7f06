import { SwitchboardError } from '../../shared/errors.js';
import { sqliteCode } from './sqlite.js';

const NOT_WRITABLE = new Set(['EACCES', 'EPERM', 'EROFS', 'SQLITE_READONLY', 'SQLITE_CANTOPEN', 'SQLITE_PERM']);

/**
 * Map a file-system or SQLite failure to a SwitchboardError a person can act on.
 * Returns `err` itself when it is already ours, and INTERNAL for anything unrecognised.
 */
export function storageError(err: unknown, dir: string): SwitchboardError {
  if (err instanceof SwitchboardError) return err;
  const code = sqliteCode(err) ?? (err as NodeJS.ErrnoException | undefined)?.code;
  if (code && NOT_WRITABLE.has(code)) {
    return new SwitchboardError(
      'STORAGE_ERROR',
      `Cannot read or write the Switchboard data folder ${dir} (${code}). Make it writable, or choose another with --home or SWITCHBOARD_HOME.`,
    );
  }
  if (code === 'ENOTDIR' || code === 'EEXIST') {
    return new SwitchboardError('STORAGE_ERROR', `${dir} is not a folder. Choose a folder with --home or SWITCHBOARD_HOME.`);
  }
  if (code === 'ENOSPC' || code === 'SQLITE_FULL') {
    return new SwitchboardError('STORAGE_ERROR', `The disk holding ${dir} is full. Free some space and try again; nothing was lost.`);
  }
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return new SwitchboardError('CONFLICT', 'Another Switchboard process is busy with this data. Try again in a moment.');
  }
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new SwitchboardError('VAULT_CORRUPT', `A Switchboard database in ${dir} is damaged. Restore it from a backup; it was left untouched.`);
  }
  return new SwitchboardError('INTERNAL', 'Something went wrong inside Switchboard. Try again; if it keeps happening, report it.');
}
