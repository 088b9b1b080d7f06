/**
 * What a space needs from its shared database when it is a team space (src/engine/team implements
 * it; this layer only knows the shape). The local registry stays the working copy: every admin
 * change is checked against the database before it is signed and written there in the same step;
 * profiles created or removed here are published to the directory.
 */
import type { Tx } from '../db/sqlite.js';

export interface SharedChange {
  /** The change is signed in `tx` (not committed yet): write it to the database, or queue it when offline. */
  signed(tx: Tx): Promise<void>;
  /** The change failed before it was signed or written: release the database. */
  abort(): Promise<void>;
}

export interface SharedState {
  /**
   * An admin is about to sign a change: CONFLICT ("changed by someone else; review and save again")
   * when the database holds a state this machine has not applied yet. Undefined when offline.
   */
  beginAdminChange(tx: Tx): Promise<SharedChange | undefined>;
  /** A profile of this machine was created, renamed or removed: publish the directory soon. */
  directoryChanged(): void;
  /** Push what is queued and stop (the space is closing). */
  close(): Promise<void>;
}
