/** One connector: connect it, see its connection, switch its actions on and try them. */
import { Alert, Button, Divider, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import type { ActionMode } from '../../../shared/limits';
import type { ActionState, ConnectionSummary, ConnectorView } from '../../../shared/views';
import { api } from '../api';
import { ActionItem } from '../components/ActionItem';
import { ConnectForm } from '../components/ConnectForm';
import { ConnectionPanel } from '../components/ConnectionPanel';
import { categoryLabel } from '../components/status';
import { useEngineEvent } from '../hooks';
import { useApp } from '../store';
import { errorMessage, notifyError } from '../util';
import { ConnectorIcon } from '../components/ConnectorIcon';
import { Prose } from '../components/Prose';

export function ConnectorScreen({ connectorId }: { connectorId: string }) {
  const catalog = useApp((s) => s.catalog);
  const setCatalog = useApp((s) => s.setCatalog);
  const go = useApp((s) => s.go);
  const [connection, setConnection] = useState<ConnectionSummary | undefined>(undefined);
  const [actions, setActions] = useState<ActionState[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [reconnecting, setReconnecting] = useState(false);
  /** The action being switched, and the state asked for: shown at once, undone if the engine refuses. */
  const [pending, setPending] = useState<{ id: string; enabled: boolean } | null>(null);
  const [tryOpen, setTryOpen] = useState<string | null>(null);
  const connector: ConnectorView | undefined = catalog?.find((c) => c.id === connectorId);

  const load = useCallback(async () => {
    try {
      const [cat, conns, acts] = await Promise.all([
        catalog ? Promise.resolve(catalog) : api.invoke('catalog.list'),
        api.invoke('connections.list'),
        api.invoke('actions.list', { connectorId }),
      ]);
      if (!catalog) setCatalog(cat);
      setConnection(conns.find((c) => c.connectorId === connectorId));
      setActions(acts);
      setLoadError(null);
    } catch (err) {
      setLoadError(errorMessage(err));
    }
  }, [catalog, setCatalog, connectorId]);

  useEffect(() => {
    void load();
  }, [load]);
  useEngineEvent('connections', (e) => {
    if (e.connectorId === connectorId) void load();
  });
  // An admin changed the policy or this profile's role: switches and reasons may differ now.
  useEngineEvent('policy', () => void load());

  const toggle = async (action: ActionState, enabled: boolean) => {
    setPending({ id: action.id, enabled });
    try {
      setActions(await api.invoke('actions.setEnabled', { actionId: action.id, enabled }));
      void api.invoke('connections.list').then((list) => setConnection(list.find((c) => c.connectorId === connectorId)), () => undefined);
    } catch (err) {
      notifyError(err, `Could not ${enabled ? 'enable' : 'disable'} ${action.title}`);
    } finally {
      setPending(null);
    }
  };

  const setMode = async (action: ActionState, mode: ActionMode) => {
    setPending({ id: action.id, enabled: true });
    try {
      setActions(await api.invoke('actions.setMode', { actionId: action.id, mode }));
    } catch (err) {
      notifyError(err, `Could not change how agents run ${action.title}`);
    } finally {
      setPending(null);
    }
  };

  const back = (
    <Group>
      <Button variant="subtle" onClick={() => go('connectors')}>
        Back to connectors
      </Button>
    </Group>
  );

  if (!connector) {
    return (
      <Stack>
        {back}
        {loadError ? <Alert color="red">{loadError}</Alert> : catalog ? <Text>There is no connector “{connectorId}”.</Text> : <Loader aria-label="Loading" />}
      </Stack>
    );
  }

  const showForm = !connection || reconnecting;
  return (
    <Stack>
      {back}
      <Group gap="sm" wrap="nowrap">
        <ConnectorIcon connector={connector} />
        <Title order={2}>{connector.name}</Title>
      </Group>
      <Text><Prose text={connector.description} /></Text>
      <Text size="sm">
        {categoryLabel(connector.category)} · {connector.actionCount} actions · {connector.baseUrl || 'base URL set per connection'}
      </Text>
      {loadError && <Alert color="red">{loadError}</Alert>}
      {actions && actions.length > 0 && actions.every((a) => !a.allowed) && (
        <Alert color="gray" role="status" title="Not allowed by policy">
          {actions[0]?.policyReason ?? 'The space policy does not allow these actions for your role.'} You can still connect, but no action
          of {connector.name} will run for you until an admin changes the policy.
        </Alert>
      )}

      <section aria-labelledby="connection-heading" className="sb-stack">
        <Title order={3} size="h4" id="connection-heading">
          Connection
        </Title>
        {connection && (
          <ConnectionPanel
            connector={connector}
            connection={connection}
            onReconnect={() => setReconnecting(true)}
            onChanged={() => {
              setReconnecting(false);
              void load();
            }}
          />
        )}
        {showForm && (
          <ConnectForm
            key={reconnecting ? 'reconnect' : 'connect'}
            connector={connector}
            existing={connection}
            onConnected={() => {
              setReconnecting(false);
              void load();
            }}
            onCancel={reconnecting ? () => setReconnecting(false) : undefined}
          />
        )}
      </section>

      <Divider />
      <section aria-labelledby="actions-heading" className="sb-stack">
        <Title order={3} size="h4" id="actions-heading">
          Actions
        </Title>
        <Text size="sm">
          Actions are off until you enable them. An action runs only when {connector.name} is connected, you enabled it, and the space policy
          allows it for your role.
        </Text>
        {actions === null && !loadError && <Loader aria-label="Loading actions" />}
        <ul className="sb-plain-list sb-stack">
          {actions?.map((a) => (
            <ActionItem
              key={a.id}
              action={a}
              connectorName={connector.name}
              busy={pending?.id === a.id}
              pendingEnabled={pending?.id === a.id ? pending.enabled : undefined}
              tryOpen={tryOpen === a.id}
              onToggle={(enabled) => void toggle(a, enabled)}
              onMode={(mode) => void setMode(a, mode)}
              onTry={() => setTryOpen((cur) => (cur === a.id ? null : a.id))}
            />
          ))}
        </ul>
      </section>
    </Stack>
  );
}
