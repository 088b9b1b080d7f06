/** Open the home, space and (when asked) a tenant session a command runs against, and close them after. */
import { builtinCatalog, Home, resolveHomeDir, Router, unlockTenant, type Space, type TenantSession } from '../engine/index.js';
import type { GlobalOptions } from './output.js';
import { currentPassphrase, type PassphraseSource } from './secret-input.js';

export function openHome(opts: GlobalOptions): Home {
  return new Home(resolveHomeDir({ flag: opts.home }));
}

export async function withSpace<T>(opts: GlobalOptions, fn: (space: Space) => Promise<T>): Promise<T> {
  const space = await openHome(opts).openSpace(opts.space);
  try {
    return await fn(space);
  } finally {
    await space.close();
  }
}

/** Unlock `tenant` with its passphrase (from the environment, stdin or a prompt) and run `fn`. */
export async function withSession<T>(
  opts: GlobalOptions & PassphraseSource,
  tenant: string,
  fn: (session: TenantSession, space: Space) => Promise<T>,
): Promise<T> {
  return withSpace(opts, async (space) => {
    const passphrase = await currentPassphrase(opts, `Passphrase for ${tenant}`);
    const session = await unlockTenant(space, tenant, passphrase);
    try {
      return await fn(session, space);
    } finally {
      await session.lock('manual');
    }
  });
}

/** As withSession, with the space's router: every call the CLI makes goes through it. */
export async function withRouter<T>(
  opts: GlobalOptions & PassphraseSource,
  tenant: string,
  fn: (session: TenantSession, space: Space, router: Router) => Promise<T>,
): Promise<T> {
  return withSession(opts, tenant, (session, space) => fn(session, space, new Router(space, builtinCatalog())));
}
