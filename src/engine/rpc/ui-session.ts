/**
 * One UI session (one Electron window, or one `switchboard serve` launch): it holds which tenant
 * this window has unlocked, parses every input against the contract, and answers `{ok, value}` or
 * `{ok: false, error: {code, message}}`. The UI never names a tenant to act as. The space (and
 * with it every session and its live changes) is the process's, shared through the host's Home.
 */
import { zodFieldErrors } from '../../shared/field-messages.js';
import { SwitchboardError, toErrorShape } from '../../shared/errors.js';
import { CONTRACT, isChannel, type ChannelName, type EventMap, type EventName, type RpcResult } from '../../shared/ipc.js';
import type { SessionInfo } from '../../shared/views.js';
import type { OpContext } from '../ops/index.js';
import type { Space } from '../space/space.js';
import { onActivity } from '../vault/activity.js';
import { onApprovals, watchApprovals, type ApprovalRow } from '../vault/approvals.js';
import { catalogFor } from '../space/verify-state.js';
import { approvalView } from '../ops/approvals.js';
import type { LockReason, TenantSession } from '../vault/tenant-session.js';
import { HANDLERS, type UiContext } from './handlers.js';
import type { UiHost } from './ui-host.js';

export type { Keychain, UiHost } from './ui-host.js';

/** The name of the space made for the first profile, when the home has none. */
const FIRST_SPACE_NAME = 'My space';

export class UiSession implements UiContext {
  #space: Space | null = null;
  #session: TenantSession | null = null;
  /**
   * Profiles unlocked in this window but not shown now (fast switching): each keeps its own
   * auto-lock, and none of them reaches the window — no events, no data — until switched to.
   */
  readonly #held = new Map<string, { session: TenantSession; offLock: () => void }>();
  #unsubscribe: (() => void)[] = [];
  #offSpace: (() => void) | null = null;
  readonly #listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  #closed = false;

  constructor(readonly host: UiHost) {}

  /** Parse, dispatch, and turn any failure into the error shape. Never throws. */
  async handle(channel: unknown, rawInput: unknown): Promise<RpcResult<unknown>> {
    try {
      if (!isChannel(channel)) throw new SwitchboardError('NOT_FOUND', `There is no channel ${JSON.stringify(String(channel).slice(0, 100))}.`);
      if (this.#closed) throw new SwitchboardError('VAULT_LOCKED', 'Switchboard is closing.');
      const parsed = CONTRACT[channel].input.safeParse(rawInput === null ? undefined : rawInput);
      if (!parsed.success) {
        const { message, fields } = zodFieldErrors(parsed.error.issues, { schema: CONTRACT[channel].input, input: rawInput });
        throw new SwitchboardError('INVALID_INPUT', message, { fields });
      }
      const handler = HANDLERS[channel] as (ui: UiContext, input: unknown) => Promise<unknown>;
      const value = await handler(this, parsed.data ?? {});
      return { ok: true, value: value === undefined ? null : value };
    } catch (err) {
      return { ok: false, error: toErrorShape(err) };
    }
  }

  on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void {
    let set = this.#listeners.get(event);
    if (!set) this.#listeners.set(event, (set = new Set()));
    set.add(listener as (payload: unknown) => void);
    return () => set.delete(listener as (payload: unknown) => void);
  }

  emit<E extends EventName>(event: E, payload: EventMap[E]): void {
    for (const listener of this.#listeners.get(event) ?? []) {
      try {
        listener(payload);
      } catch {
        // A broken listener must not break the session.
      }
    }
  }

  async ctx({ create = false } = {}): Promise<OpContext> {
    const space = await this.#openSpace(create);
    if (!space) throw new SwitchboardError('NOT_FOUND', 'There is no space yet: create the first profile.');
    return { space, session: this.session, via: 'ui' };
  }

  async ctxIfSpace(): Promise<OpContext | null> {
    const space = await this.#openSpace(false);
    return space ? { space, session: this.session, via: 'ui' } : null;
  }

  /** The space this UI shows; `create` makes the home's first space when there is none. */
  async #openSpace(create: boolean): Promise<Space | null> {
    if (this.#space && !this.#space.closed) return this.#space;
    const { home, spaceRef } = this.host;
    if (spaceRef === undefined && (await home.listSpaces()).length === 0) {
      if (!create) return null;
      await home.createSpace(FIRST_SPACE_NAME);
    }
    const space = await home.openSpace(spaceRef);
    this.#offSpace?.();
    // Policy and role changes made in this process (another window, the admin screen) reach this UI at once.
    this.#offSpace = space.onChange((change) => {
      const session = this.session;
      if (session && (change.kind === 'space' || change.tenantId === session.tenantId)) this.emit('policy', {});
    });
    this.#space = space;
    return space;
  }

  get session(): TenantSession | null {
    return this.#session && !this.#session.locked ? this.#session : null;
  }

  requireSession(): TenantSession {
    const session = this.session;
    if (!session) throw new SwitchboardError('VAULT_LOCKED', 'No profile is unlocked. Choose your profile and enter its passphrase.');
    return session;
  }

  /** Make `session` this UI's session; the previous one stays unlocked here, held for switching back. */
  async adopt(session: TenantSession): Promise<SessionInfo> {
    this.park();
    const same = this.#held.get(session.tenantId);
    if (same) {
      this.#held.delete(session.tenantId);
      same.offLock();
      if (same.session !== session) await same.session.lock('switched'); // unlocked again: one session per profile here
    }
    this.#session = session;
    const showApproval = (row: ApprovalRow): void =>
      void this.ctx().then(async ({ space }) => this.session === session && this.emit('approvals', approvalView(await catalogFor(space, session), row)), () => undefined);
    this.#unsubscribe = [
      session.onLock((reason) => {
        if (this.#session === session) {
          this.#session = null;
          this.emit('session', { state: 'locked', reason });
        }
      }),
      onActivity(session, (entry) => this.emit('activity', entry)),
      // At once for this session's own requests; from the vault for those of the MCP gateway,
      // another process or another session of this profile (the badge must show them all).
      onApprovals(session, showApproval),
      watchApprovals(session, showApproval),
    ];
    const info = await this.sessionInfo();
    this.emit('session', { state: 'unlocked', session: info! });
    return info!;
  }

  async sessionInfo(): Promise<SessionInfo | null> {
    const session = this.session;
    if (!session) return null;
    const { space } = await this.ctx();
    const [role, summary, tenant] = await Promise.all([space.liveRole(session), space.info(), space.findTenant(session.tenantId)]);
    return { tenantId: session.tenantId, name: tenant.name, role, spaceId: summary.id, spaceName: summary.name };
  }

  /**
   * Stop showing the current profile without locking it: it is held for switching back, with its
   * own auto-lock running, and this window shows no profile until one is unlocked or switched to.
   */
  park(): void {
    const session = this.#session;
    this.#session = null;
    for (const off of this.#unsubscribe.splice(0)) off();
    if (!session || session.locked) return;
    const offLock = session.onLock(() => {
      if (this.#held.get(session.tenantId)?.session === session) this.#held.delete(session.tenantId);
    });
    this.#held.set(session.tenantId, { session, offLock });
  }

  /** Show a profile this window holds unlocked, without its passphrase; VAULT_LOCKED when it is not (any more). */
  async switchTo(tenantId: string): Promise<SessionInfo> {
    if (this.#session?.tenantId === tenantId && !this.#session.locked) return (await this.sessionInfo())!;
    const held = this.#held.get(tenantId);
    if (!held || held.session.locked) {
      throw new SwitchboardError('VAULT_LOCKED', 'That profile is locked in this window. Enter its passphrase to unlock it.');
    }
    return this.adopt(held.session);
  }

  /** The profiles unlocked in this window: the one shown, then those held. */
  unlockedHere(): string[] {
    const current = this.session;
    return [...(current ? [current.tenantId] : []), ...[...this.#held.values()].filter((h) => !h.session.locked).map((h) => h.session.tenantId)];
  }

  /**
   * Lock this UI's session. A manual lock (the person's Lock, deleting the profile) locks the
   * profile shown; the others (OS sleep or screen lock, shutdown) lock every profile of this window.
   */
  async lock(reason: LockReason = 'manual'): Promise<void> {
    const session = this.#session;
    this.#session = null;
    for (const off of this.#unsubscribe.splice(0)) off();
    if (reason !== 'manual' && reason !== 'deleted' && reason !== 'switched') {
      const held = [...this.#held.values()];
      this.#held.clear();
      for (const h of held) {
        h.offLock();
        await h.session.lock(reason);
      }
    }
    if (session && !session.locked) {
      await session.lock(reason);
      this.emit('session', { state: 'locked', reason });
    }
  }

  /** Close this window's session. The space is the process's: the host closes its Home on quit. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#offSpace?.();
    await this.lock('shutdown');
  }
}

export type { ChannelName };
