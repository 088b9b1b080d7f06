/**
 * An operation: one thing a person (or their agent) can do, with its input schema (from
 * src/shared/operations.ts) and the access it needs, declared once beside its implementation.
 * `invoke` is the only way to run one: it parses the input, checks the access, then runs.
 * The UI contract's handlers, the CLI's commands and the MCP server are thin adapters over it.
 */
import type { z } from 'zod';
import { SwitchboardError } from '../../shared/errors.js';
import { describeInputError, OP_INPUTS, type OpName } from '../../shared/operations.js';
import { requireAdmin, type AdminSession } from '../space/access.js';
import type { ApprovalHooks } from '../router/approval-gate.js';
import type { Home } from '../space/home.js';
import type { Space } from '../space/space.js';
import type { TenantSession } from '../vault/tenant-session.js';

/**
 * Who may run an operation:
 *   none     — anyone who can use this machine's data folder, no profile unlocked (list and
 *              create profiles, unlock); what guards these is the passphrase or a space setting
 *   profile  — an unlocked profile of this space, any role, acting on its own vault
 *   admin    — an unlocked admin of this space (live role, signed roles agree)
 *   admin-once-profiles-exist — anyone while the space has no profile yet, then admins
 */
export type Access = 'none' | 'profile' | 'admin' | 'admin-once-profiles-exist';

/** Who is acting: `ui`, `cli`, or `mcp:<client>`. Recorded with every call. */
export type Via = string;

export interface OpContext {
  space: Space;
  /** The unlocked profile acting, if any. */
  session: TenantSession | null;
  via: Via;
  /** Open a URL for the person (an OAuth sign-in page): the system browser, or print it. */
  openUrl?: (url: string) => void;
  /** What an agent's transport adds while its call waits for approval (progress, elicitation). */
  approval?: ApprovalHooks;
}

type Granted<A extends Access> = A extends 'profile'
  ? OpContext & { session: TenantSession }
  : A extends 'admin'
    ? OpContext & { session: AdminSession }
    : A extends 'admin-once-profiles-exist'
      ? OpContext & { admin: AdminSession | null }
      : OpContext;

export interface Operation<N extends OpName = OpName, A extends Access = Access, O = unknown> {
  name: N;
  access: A;
  run(ctx: Granted<A>, input: NonNullable<z.output<(typeof OP_INPUTS)[N]>>): Promise<O>;
}

/** Declare an operation; its input schema is the one of its name in src/shared/operations.ts. */
export function op<N extends OpName, A extends Access, O>(name: N, access: A, run: Operation<N, A, O>['run']): Operation<N, A, O> {
  return { name, access, run };
}

/** Parse, check access, run. Every operation runs through here. */
export async function invoke<N extends OpName, A extends Access, O>(operation: Operation<N, A, O>, ctx: OpContext, rawInput: unknown): Promise<O> {
  const parsed = OP_INPUTS[operation.name].safeParse(rawInput === null ? undefined : rawInput);
  if (!parsed.success) {
    const { message, fields } = describeInputError(parsed.error, OP_INPUTS[operation.name], rawInput);
    throw new SwitchboardError('INVALID_INPUT', message, { fields });
  }
  const granted = await grant(operation.access, ctx);
  return operation.run(granted as Granted<A>, (parsed.data ?? {}) as NonNullable<z.output<(typeof OP_INPUTS)[N]>>);
}

async function grant(access: Access, ctx: OpContext): Promise<OpContext & { admin?: AdminSession | null }> {
  switch (access) {
    case 'none':
      return ctx;
    case 'profile':
      return { ...ctx, session: await requireProfile(ctx) };
    case 'admin':
      return { ...ctx, session: await requireAdmin(ctx.space, await requireProfile(ctx)) };
    case 'admin-once-profiles-exist': {
      if ((await ctx.space.tenantCount()) === 0) return { ...ctx, admin: null };
      return { ...ctx, admin: await requireAdmin(ctx.space, ctx.session && !ctx.session.locked ? ctx.session : null) };
    }
  }
}

/** An unlocked profile of this space that still exists (its live role is read, so a deleted one locks). */
export async function requireProfile(ctx: OpContext): Promise<TenantSession> {
  const session = ctx.session;
  if (!session || session.locked) throw new SwitchboardError('VAULT_LOCKED', 'No profile is unlocked. Choose your profile and enter its passphrase.');
  await ctx.space.liveRole(session);
  return session;
}

/** An operation on the data folder itself, before any space is chosen (list and create spaces): open to anyone who can use it. */
export interface HomeOperation<N extends OpName = OpName, O = unknown> {
  name: N;
  access: 'none';
  run(home: Home, input: NonNullable<z.output<(typeof OP_INPUTS)[N]>>): Promise<O>;
}

export function homeOp<N extends OpName, O>(name: N, run: HomeOperation<N, O>['run']): HomeOperation<N, O> {
  return { name, access: 'none', run };
}

export async function invokeHome<N extends OpName, O>(operation: HomeOperation<N, O>, home: Home, rawInput: unknown): Promise<O> {
  const parsed = OP_INPUTS[operation.name].safeParse(rawInput === null ? undefined : rawInput);
  if (!parsed.success) {
    const { message, fields } = describeInputError(parsed.error, OP_INPUTS[operation.name], rawInput);
    throw new SwitchboardError('INVALID_INPUT', message, { fields });
  }
  return operation.run(home, (parsed.data ?? {}) as NonNullable<z.output<(typeof OP_INPUTS)[N]>>);
}
