/**
 * The handler table for one UI session (one Electron window, or one `switchboard serve` launch):
 * it holds which tenant is unlocked, parses every input against the contract, and answers
 * `{ok, value}` or `{ok: false, error: {code, message}}`. The UI never names a tenant to act as.
 */
import { SwitchboardError, toErrorShape } from '../../shared/errors.js';
import { CONTRACT, isChannel, type ChannelName, type EventMap, type EventName, type RpcResult } from '../../shared/ipc.js';
import type { SessionInfo } from '../../shared/views.js';
import { onConfigChange } from '../config-events.js';
import { builtinCatalog, type Catalog } from '../connectors/catalog.js';
import { Router, type RouterOptions } from '../router/router.js';
import type { Home } from '../space/home-spaces.js';
import type { Space } from '../space/space.js';
import type { TenantSession } from '../vault/tenant-session.js';
import { HANDLERS } from './handlers.js';

export interface UiHost {
  home: Home;
  /** The space to show (id or name); default: the home's only space, created on first use. */
  spaceRef?: string;
  /** Open a URL in the system browser (Electron). Without it, the URL is only returned to the page. */
  openExternal?: (url: string) => void;
  routerOptions?: RouterOptions;
  /** How to launch the CLI (for MCP stdio config snippets), e.g. [node, /path/bin/switchboard.js]. */
  cliCommand?: string[];
  /** The MCP HTTP endpoint when a gateway runs beside this UI. */
  mcpUrl?: string;
  /** The OS keychain (Electron's safeStorage), for quick unlock; absent in a browser. */
  keychain?: Keychain;
}

/** Keeps device secrets encrypted by the OS, one per tenant. */
export interface Keychain {
  store(tenantId: string, secret: Buffer): Promise<void>;
  load(tenantId: string): Promise<Buffer | undefined>;
  remove(tenantId: string): Promise<void>;
}

export class UiSession {
  readonly catalog: Catalog = builtinCatalog();
  #space: Space | null = null;
  #router: Router | null = null;
  #session: TenantSession | null = null;
  #unsubscribe: (() => void)[] = [];
  readonly #listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  #closed = false;
  readonly #offConfig: () => void;

  constructor(readonly host: UiHost) {
    // Policy and role changes made in this process (another window, the admin screen) reach this UI at once.
    this.#offConfig = onConfigChange((change) => {
      const session = this.session;
      if (!session || change.spaceId !== session.spaceId) return;
      if (change.kind === 'space' || change.tenantId === session.tenantId) this.emit('policy', {});
    });
  }

  /** Parse, dispatch, and turn any failure into the error shape. Never throws. */
  async handle(channel: unknown, rawInput: unknown): Promise<RpcResult<unknown>> {
    try {
      if (!isChannel(channel)) throw new SwitchboardError('NOT_FOUND', `There is no channel ${JSON.stringify(String(channel).slice(0, 100))}.`);
      if (this.#closed) throw new SwitchboardError('VAULT_LOCKED', 'Switchboard is closing.');
      const spec = CONTRACT[channel];
      const parsed = spec.input.safeParse(rawInput === null ? undefined : rawInput);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new SwitchboardError('INVALID_INPUT', `${channel}: ${issue?.path.join('.') || 'input'}: ${issue?.message ?? 'invalid'}.`);
      }
      if (spec.session) this.requireSession();
      const handler = HANDLERS[channel] as (ui: UiSession, input: unknown) => Promise<unknown>;
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

  /** The space this UI shows; `create` makes the home's first space when there is none. */
  async space({ create = false } = {}): Promise<Space | null> {
    if (this.#space) return this.#space;
    const spaces = await this.host.home.listSpaces();
    if (spaces.length === 0 && !create && this.host.spaceRef === undefined) return null;
    if (spaces.length === 0 && this.host.spaceRef === undefined) await this.host.home.createSpace('My space');
    this.#space = await this.host.home.openSpace(this.host.spaceRef);
    this.#router = new Router(this.#space, this.catalog, this.host.routerOptions);
    return this.#space;
  }

  async requireSpace(): Promise<Space> {
    const space = await this.space();
    if (!space) throw new SwitchboardError('NOT_FOUND', 'There is no space yet: create the first profile.');
    return space;
  }

  get router(): Router {
    if (!this.#router) throw new SwitchboardError('INTERNAL', 'The space is not open.');
    return this.#router;
  }

  get session(): TenantSession | null {
    return this.#session && !this.#session.locked ? this.#session : null;
  }

  requireSession(): TenantSession {
    const session = this.session;
    if (!session) throw new SwitchboardError('VAULT_LOCKED', 'No profile is unlocked. Choose your profile and enter its passphrase.');
    return session;
  }

  /** Make `session` this UI's session, locking any previous one. */
  async adopt(session: TenantSession): Promise<SessionInfo> {
    await this.lock('switched');
    this.#session = session;
    this.#unsubscribe = [
      session.onLock((reason) => {
        if (this.#session === session) {
          this.#session = null;
          this.emit('session', { state: 'locked', reason });
        }
      }),
      this.router.onActivity(session, (entry) => this.emit('activity', entry)),
    ];
    const info = await this.sessionInfo();
    this.emit('session', { state: 'unlocked', session: info! });
    return info!;
  }

  async sessionInfo(): Promise<SessionInfo | null> {
    const session = this.session;
    if (!session) return null;
    const space = await this.requireSpace();
    const [role, summary] = await Promise.all([space.liveRole(session), space.info()]);
    return { tenantId: session.tenantId, name: (await space.findTenant(session.tenantId)).name, role, spaceId: summary.id, spaceName: summary.name };
  }

  /** Lock this UI's session (manual lock, switch profile, OS sleep or screen lock). */
  async lock(reason = 'manual'): Promise<void> {
    const session = this.#session;
    this.#session = null;
    for (const off of this.#unsubscribe.splice(0)) off();
    if (session && !session.locked) {
      await session.lock(reason === 'system' ? 'system' : 'manual');
      this.emit('session', { state: 'locked', reason });
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#offConfig();
    await this.lock('shutdown');
    await this.#space?.close();
    this.#space = null;
  }
}

export type { ChannelName };
