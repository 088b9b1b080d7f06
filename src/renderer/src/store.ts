/**
 * App state that is safe to keep: who is unlocked, which screen is showing, the catalog.
 * Never a passphrase, token or recovery key: those live in the component that asks for them
 * and are cleared after use.
 */
import { create } from 'zustand';
import type { TenantSummary } from '../../shared/model';
import type { ProfileCreation } from '../../shared/limits';
import type { ConnectorView, SessionInfo } from '../../shared/views';
import { api } from './api';
import { errorMessage } from './util';

export type Screen =
  | 'loading'
  | 'profiles'
  | 'newProfile'
  | 'forgot'
  | 'connectors'
  | 'connector'
  | 'activity'
  | 'aiClients'
  | 'settings'
  | 'admin';
export type MainScreen = 'connectors' | 'activity' | 'aiClients' | 'settings' | 'admin';
/** The sections of the admin dashboard (admins only). */
export type AdminSection = 'tenants' | 'policy' | 'connectors' | 'insights' | 'audit' | 'space';

export interface SpaceInfo {
  id: string;
  name: string;
  /** Who may create profiles here (the admin's space setting). */
  profileCreation: ProfileCreation;
  /** A team space (its admins may be on other machines). */
  team?: boolean;
}


interface AppState {
  space: SpaceInfo | null;
  profiles: TenantSummary[];
  session: SessionInfo | null;
  screen: Screen;
  connectorId: string | null;
  /** The profile to select on the lock screen (after "Lock"). */
  preselectTenantId: string | null;
  /** A one-off message for the lock screen ("Passphrase reset…"). */
  notice: string | null;
  /** Why the first load failed, when it did. */
  loadError: string | null;
  catalog: ConnectorView[] | null;
  /** A lock this window asked for is on its way (deleting the profile): its event needs no notice. */
  quietLock: boolean;
  /** Which section of the admin dashboard shows. */
  adminSection: AdminSection;
  /** When each lockout ends (Date.now() time), by `passphrase:<tenantId>` or `recovery:<tenantId>`: kept across screens. */
  lockouts: Record<string, number>;

  init(): Promise<void>;
  refreshProfiles(): Promise<void>;
  go(screen: Screen): void;
  openConnector(connectorId: string): void;
  setNotice(notice: string | null): void;
  /** A profile was unlocked (by unlock, create, or an event). */
  unlocked(session: SessionInfo, screen?: Screen): void;
  /** Forget the session and show the lock screen. */
  locked(opts?: { preselect?: string | null; notice?: string | null }): void;
  setCatalog(catalog: ConnectorView[]): void;
  setAdminSection(section: AdminSection): void;
  setLockout(key: string, until: number): void;
  /** The admin saved the space settings: show the new name and profile-creation rule at once. */
  spaceChanged(change: { name: string; profileCreation: ProfileCreation }): void;
}

export const useApp = create<AppState>()((set, get) => ({
  space: null,
  profiles: [],
  session: null,
  screen: 'loading',
  connectorId: null,
  preselectTenantId: null,
  notice: null,
  loadError: null,
  catalog: null,
  quietLock: false,
  adminSection: 'tenants',
  lockouts: {},

  async init() {
    try {
      const [space, profiles, session] = await Promise.all([
        api.invoke('space.info'),
        api.invoke('profiles.list'),
        api.invoke('session.current'),
      ]);
      let screen: Screen = 'profiles';
      if (session) screen = 'connectors';
      else if (profiles.length === 0) screen = 'newProfile';
      set({ space, profiles, session, screen, loadError: null });
    } catch (err) {
      set({ loadError: errorMessage(err) });
    }
  },

  async refreshProfiles() {
    const [space, profiles] = await Promise.all([api.invoke('space.info'), api.invoke('profiles.list')]);
    set({ space, profiles });
  },

  go(screen) {
    set({ screen });
  },

  openConnector(connectorId) {
    set({ screen: 'connector', connectorId });
  },

  setNotice(notice) {
    set({ notice });
  },

  unlocked(session, screen) {
    set({
      session,
      space: { id: session.spaceId, name: session.spaceName, profileCreation: get().space?.profileCreation ?? 'anyone' },
      ...(screen ? { screen } : {}),
      notice: null,
      preselectTenantId: null,
    });
  },

  locked(opts = {}) {
    const keepNewProfile = get().screen === 'newProfile';
    set({
      session: null,
      catalog: null,
      connectorId: null,
      screen: keepNewProfile ? 'newProfile' : 'profiles',
      preselectTenantId: opts.preselect ?? null,
      notice: opts.notice ?? null,
      quietLock: false,
      adminSection: 'tenants',
    });
    void get()
      .refreshProfiles()
      .catch(() => undefined);
  },

  setCatalog(catalog) {
    set({ catalog });
  },

  setAdminSection(adminSection) {
    set({ adminSection });
  },

  setLockout(key, until) {
    set({ lockouts: { ...get().lockouts, [key]: until } });
  },

  spaceChanged({ name, profileCreation }) {
    const { space, session } = get();
    set({
      ...(space ? { space: { ...space, name, profileCreation } } : {}),
      ...(session ? { session: { ...session, spaceName: name } } : {}),
    });
  },
}));

/** Show a profile this window holds unlocked (fast switching): no passphrase, no lock. */
export async function switchProfile(tenantId: string): Promise<void> {
  const session = await api.invoke('session.switch', { tenantId });
  useApp.getState().unlocked(session, 'connectors');
}

/** Keep this profile unlocked here and show the lock screen for another one (it asks its passphrase). */
export async function parkForOther(tenantId: string): Promise<void> {
  useApp.getState().locked({ preselect: tenantId });
  await api.invoke('session.park');
}

/** Lock the session on purpose (Lock, Switch profile): no "Locked" notification for it. */
export async function lockSession(preselect: string | null): Promise<void> {
  useApp.getState().locked({ preselect });
  await api.invoke('session.lock');
}
