/**
 * Operations on a profile's own connectors: the catalog it sees, its connections, its actions,
 * its calls (through the router), its activity and outbox. All need an unlocked profile.
 */
import { SwitchboardError } from '../../shared/errors.js';
import type { AuthView, ConnectorView } from '../../shared/views.js';
import { connectWithOAuth } from '../auth/connect-oauth.js';
import { listOAuthClients } from '../auth/oauth-clients.js';
import { connect, disableActions, disconnect, enableActions, listConnections, prepareConnection, setActionMode } from '../connections/connections.js';
import { actionHints, type ActionDefinition, type ConnectorDefinition } from '../connectors/definition.js';
import { actionStates } from '../router/may-call.js';
import { catalogFor } from '../space/verify-state.js';
import { routerFor } from '../router/router.js';
import { queryActivity } from '../vault/activity.js';
import { cancelOutbox, listOutbox } from '../vault/outbox.js';
import { op } from './operation.js';

function connectorView(def: ConnectorDefinition, oauthConfigured: boolean): ConnectorView {
  return {
    id: def.id,
    name: def.name,
    icon: def.icon,
    category: def.category,
    description: def.description,
    baseUrl: def.baseUrl,
    ...(def.baseUrlHint ? { baseUrlHint: def.baseUrlHint } : {}),
    auth: def.auth.map((a): AuthView => {
      switch (a.type) {
        case 'bearer':
          return { type: 'bearer', label: a.label };
        case 'api_key':
          return { type: 'api_key', label: a.label };
        case 'basic':
          return { type: 'basic', usernameLabel: a.usernameLabel, passwordLabel: a.passwordLabel };
        case 'oauth2':
          return { type: 'oauth2', configured: oauthConfigured };
        case 'client_credentials':
          return { type: 'client_credentials' };
        case 'none':
          return { type: 'none' };
      }
    }),
    actionCount: def.actions.length,
  };
}

function actionHintsView(a: ActionDefinition): { destructive: boolean; idempotent: boolean } {
  const { destructive, idempotent } = actionHints(a);
  return { destructive, idempotent };
}

export const connectionOps = {
  /** The space's catalog: every connector, and whether its OAuth app is set up. */
  'catalog.list': op('catalog.list', 'profile', async ({ space, session }) => {
    const configured = new Set((await listOAuthClients(space)).map((c) => c.connectorId));
    const catalog = await catalogFor(space, session);
    return catalog.connectors().map((def) => connectorView(def, configured.has(def.id)));
  }),
  /** One connector with every action's kind, docs and input schema. */
  'catalog.show': op('catalog.show', 'profile', async ({ space, session }, input) => {
    const def = (await catalogFor(space, session)).connector(input.connectorId);
    return {
      id: def.id,
      name: def.name,
      description: def.description,
      baseUrl: def.baseUrl || null,
      ...(def.baseUrlHint ? { baseUrlHint: def.baseUrlHint } : {}),
      auth: def.auth.map((a) => a.type),
      actions: def.actions.map((a) => ({
        id: `${def.id}.${a.id}`,
        title: a.title,
        kind: a.kind,
        description: a.description,
        docs: a.docs,
        ...(a.scopes ? { scopes: [...a.scopes] } : {}),
        ...actionHintsView(a),
        input: a.input,
        outputSchema: a.outputSchema,
      })),
    };
  }),
  'connections.list': op('connections.list', 'profile', async ({ space, session }) => listConnections(session, await catalogFor(space, session))),
  /**
   * Saving a connection tries it first with the connector's test call: refused credentials are not
   * saved; an unreachable provider saves it as "not verified yet", checked on the next call or test.
   */
  'connections.connect': op('connections.connect', 'profile', async ({ space, session, via }, input) => {
    const catalog = await catalogFor(space, session);
    const candidate = prepareConnection(catalog, { connectorId: input.connectorId, authType: input.authType, credentials: input.credentials, baseUrl: input.baseUrl });
    const check = await routerFor(space).verifyCandidate(session, candidate, via);
    const saved = await connect(session, catalog, candidate, { verified: check.verified });
    return check.verified ? saved : { ...saved, verifyProblem: check.reason };
  }),
  /** Sign in through the browser: the host opens the authorize URL; resolves once the tokens are in the vault. */
  'connections.connectOAuth': op('connections.connectOAuth', 'profile', async ({ space, session, openUrl, via }, input) => {
    if (!openUrl) throw new SwitchboardError('INTERNAL', 'This host cannot open a sign-in page.');
    const router = routerFor(space);
    return connectWithOAuth(space, await catalogFor(space, session), session, input.connectorId, {
      ...(input.baseUrl ? { baseUrl: input.baseUrl } : {}),
      openUrl,
      verify: (candidate) => router.verifyCandidate(session, candidate, via),
    });
  }),
  'connections.test': op('connections.test', 'profile', async ({ space, session, via }, input) => routerFor(space).testConnection(session, input.connectorId, via)),
  'connections.disconnect': op('connections.disconnect', 'profile', async ({ space, session }, input) => {
    await disconnect(session, await catalogFor(space, session), input.connectorId);
    return null;
  }),

  'actions.list': op('actions.list', 'profile', async ({ space, session }, input) => actionStates(space, session, input.connectorId)),
  'actions.setEnabled': op('actions.setEnabled', 'profile', async ({ space, session }, input) =>
    input.enabled ? enableActions(session, await catalogFor(space, session), input.actionIds, input.mode) : disableActions(session, await catalogFor(space, session), input.actionIds),
  ),
  'actions.setMode': op('actions.setMode', 'profile', async ({ space, session }, input) => setActionMode(session, await catalogFor(space, session), input.actionIds, input.mode)),
  /** The person's own call (UI, CLI) or their agent's (MCP), through the one router. */
  'actions.run': op('actions.run', 'profile', async ({ space, session, via, approval }, input) =>
    routerFor(space).execute(session, input.actionId, input.input, { via, ...(input.queue ? { queue: true } : {}), ...(approval ? { approval } : {}) }),
  ),

  'activity.query': op('activity.query', 'profile', async ({ session }, input) => queryActivity(session, input)),
  'outbox.list': op('outbox.list', 'profile', async ({ session }, input) => listOutbox(session, { all: input.all === true })),
  'outbox.cancel': op('outbox.cancel', 'profile', async ({ session }, input) => cancelOutbox(session, input.id)),
  'outbox.flush': op('outbox.flush', 'profile', async ({ space, session }) => routerFor(space).flushOutbox(session)),
};
