// Shared setup for router tests: a space with Sarah (admin) and June (member), a fake SaaS server, a router.
import { createTenant, Router, type Home, routerFor, unlockTenant, type RouterOptions, type Space, type TenantSession } from '../../src/engine/index.js';
import { FakeSaas } from '../fixtures/fake-saas/server.js';
import { PASS_JUNE, PASS_SARAH, newHome, removeDir } from '../helpers.js';

export interface World {
  dir: string;
  home: Home;
  space: Space;
  fake: FakeSaas;
  router: Router;
  sarah: TenantSession;
  june: TenantSession;
  close(): Promise<void>;
}

export async function world(options: RouterOptions = {}, engine: { now?: () => number } = {}): Promise<World> {
  const { dir, home } = await newHome({ ...engine, router: { timeoutMs: 5_000, maxRetryAfterMs: 2_000, ...options } });
  await home.createSpace('Acme');
  const space = await home.openSpace();
  await createTenant(space, { name: 'Sarah', passphrase: PASS_SARAH });
  await createTenant(space, { name: 'June', passphrase: PASS_JUNE });
  const fake = await FakeSaas.start();
  const router = routerFor(space);
  const sarah = await unlockTenant(space, 'Sarah', PASS_SARAH);
  const june = await unlockTenant(space, 'June', PASS_JUNE);
  return {
    dir,
    home,
    space,
    fake,
    router,
    sarah,
    june,
    async close() {
      await home.close();
      await fake.stop();
      await removeDir(dir);
    },
  };
}
