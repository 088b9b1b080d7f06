// What every provider test does: a world with a fake SaaS, Sarah connected with working
// credentials and June with refused ones, every action of the connector enabled for both; each
// call's output checked against the action's declared outputSchema with an Ajv of the test's own
// (each schema compiled once); and, at the end, every action of the connector run at least once.
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { expect } from 'vitest';
import { builtinCatalog, connect, enableActions, getConnection, type ConnectInput, type TenantSession } from '../../../src/engine/index.js';
import { world, type World } from '../router-helpers.js';

const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;
const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false });
addFormats(ajv);
const validators = new Map<string, ValidateFunction>();

export const catalog = builtinCatalog();
type Credentials = Pick<ConnectInput, 'authType' | 'credentials'>;

/** Check `output` against the action's outputSchema; compiled on first use, once per action. */
export function expectOutputMatches(actionId: string, output: unknown): void {
  let validate = validators.get(actionId);
  if (!validate) validators.set(actionId, (validate = ajv.compile(catalog.action(actionId).action.outputSchema as object)));
  const ok = validate(output);
  expect(ok ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`), `${actionId} output matches its outputSchema`).toEqual([]);
}

export interface ProviderWorld {
  w: World;
  run(action: string, input: unknown, who?: TenantSession): Promise<Record<string, unknown>>;
  fail(action: string, input: unknown, who?: TenantSession): Promise<unknown>;
  last(provider?: string): World['fake']['requests'][number];
  setUp(path: string, sarah: Credentials, june: Credentials): Promise<void>;
  checkAuthAndTest(action: string, input: unknown): Promise<void>;
  /** Every action of the connector ran (call last). */
  expectAllRan(): void;
  close(): Promise<void>;
}

export async function providerWorld(connectorId: string): Promise<ProviderWorld> {
  const w = await world();
  const ran = new Set<string>();
  const self: ProviderWorld = {
    w,
    async run(action, input, who = w.sarah) {
      const result = await w.router.execute(who, action, input, { via: 'ui' });
      if (result.status !== 'ok') throw new Error(`${action} was queued`);
      expectOutputMatches(action, result.output);
      ran.add(action);
      return result.output as Record<string, unknown>;
    },
    fail: (action, input, who = w.sarah) => w.router.execute(who, action, input, { via: 'ui' }).catch((e: unknown) => e),
    last: (provider = connectorId) => w.fake.requestsTo(provider).at(-1)!,
    async setUp(path, sarah, june) {
      const baseUrl = w.fake.baseUrl(connectorId) + path;
      await connect(w.sarah, catalog, { connectorId, baseUrl, ...sarah });
      await connect(w.june, catalog, { connectorId, baseUrl, ...june });
      const ids = catalog.actions().filter((a) => a.connector.id === connectorId).map((a) => a.id);
      for (const who of [w.sarah, w.june]) await enableActions(who, catalog, ids);
    },
    async checkAuthAndTest(action, input) {
      expect(await self.fail(action, input, w.june)).toMatchObject({ code: 'AUTH_REQUIRED' });
      expect(await getConnection(w.june, catalog, connectorId)).toMatchObject({ status: 'auth_required' });
      expect(await w.router.testConnection(w.sarah, connectorId, 'ui')).toMatchObject({ ok: true });
    },
    expectAllRan() {
      const all = catalog.actions().filter((a) => a.connector.id === connectorId).map((a) => a.id);
      expect(all.filter((id) => !ran.has(id))).toEqual([]);
    },
    close: () => w.close(),
  };
  return self;
}
