/** Team spaces: one space across many machines through a shared PostgreSQL (docs/ARCHITECTURE.md, "Team spaces"). */
import type { Space } from '../space/space.js';
import { TeamSync, type TeamSyncOptions } from './team-sync.js';

export { publishSpace, joinSpace, teamStatus, teamDirectory, databaseTarget, type PublishResult, type TeamStatus } from './publish.js';
export { TeamSync, CHANGED_ELSEWHERE, type TeamSyncOptions } from './team-sync.js';
export { loadPassword } from './team-config.js';
export { databaseUrl } from './pg-config.js';
export type { DirectoryEntry } from './directory.js';

/** The EngineOptions.shared hook: every team space a Home opens is linked to its database. */
export function teamSpaces(options: TeamSyncOptions = {}): (space: Space) => Promise<TeamSync | undefined> {
  return (space) => TeamSync.attach(space, options);
}

/** The EngineOptions of a home whose team spaces sync (`live`: a long-running app). */
export function teamOptions(options: TeamSyncOptions = {}): { shared: (space: Space) => Promise<TeamSync | undefined>; liveTeamSync: boolean } {
  return { shared: teamSpaces(options), liveTeamSync: options.live ?? false };
}
