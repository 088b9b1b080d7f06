/** A connector's connection when there is one: status, test, reconnect, disconnect. */
import { Alert, Badge, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { ConnectionSummary, ConnectorView } from '../../../shared/views';
import { api } from '../api';
import { errorMessage, formatTime, notifySuccess } from '../util';

const AUTH_NAMES: Record<string, string> = { bearer: 'token', api_key: 'API key', basic: 'username and password', oauth2: 'OAuth sign-in', none: 'no credentials' };

interface Props {
  connector: ConnectorView;
  connection: ConnectionSummary;
  onReconnect: () => void;
  onChanged: () => void;
}

export function ConnectionPanel({ connector, connection, onReconnect, onChanged }: Props) {
  const [testing, setTesting] = useState(false);
  const [test, setTest] = useState<{ ok: true; ms: number } | { ok: false; message: string } | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [disconnecting, setDisconnecting] = useState(false);
  const [disconnectError, setDisconnectError] = useState<string | null>(null);
  const needsReauth = connection.status === 'auth_required';

  const runTest = async () => {
    setTesting(true);
    setTest(null);
    try {
      const r = await api.invoke('connections.test', { connectorId: connector.id });
      setTest({ ok: true, ms: r.durationMs });
    } catch (err) {
      setTest({ ok: false, message: errorMessage(err) });
    } finally {
      setTesting(false);
    }
  };

  const disconnect = async () => {
    setDisconnecting(true);
    setDisconnectError(null);
    try {
      await api.invoke('connections.disconnect', { connectorId: connector.id });
      setConfirming(false);
      notifySuccess(`${connector.name} is disconnected; its credentials are deleted.`);
      onChanged();
    } catch (err) {
      setDisconnectError(errorMessage(err));
    } finally {
      setDisconnecting(false);
    }
  };

  return (
    <Stack gap="sm">
      <Group gap="xs">
        <Text fw={600}>Status:</Text>
        <Badge variant="dot" color={needsReauth ? 'orange' : connection.verified ? 'teal' : 'yellow'}>
          {needsReauth ? 'Needs re-auth' : connection.verified ? 'Connected' : 'Not verified yet'}
        </Badge>
      </Group>
      {!needsReauth && !connection.verified && (
        <Text size="sm" role="status">
          Saved while {connector.name} could not be reached: the next call or a test checks the credentials.
        </Text>
      )}
      {connection.grantedScopes && (
        <Text size="sm">
          Granted: {connection.grantedScopes.length ? connection.grantedScopes.join(', ') : 'no scopes'}.
        </Text>
      )}
      <Text size="sm">
        With {AUTH_NAMES[connection.authType] ?? connection.authType}, to {connection.baseUrl}
        {connection.customBaseUrl ? ' (your own base URL)' : ''}. Connected {formatTime(connection.createdAt)}
        {connection.updatedAt !== connection.createdAt ? `, updated ${formatTime(connection.updatedAt)}` : ''}.
      </Text>
      {needsReauth && (
        <Alert color="red" title="Needs re-auth">
          <Text size="sm">{connection.statusDetail ?? `${connector.name} refused the stored credentials.`}</Text>
          <Text size="sm">Use Reconnect to sign in again or give a new token.</Text>
        </Alert>
      )}
      <Group>
        <Button variant="default" onClick={() => void runTest()} loading={testing}>
          Test connection
        </Button>
        <Button variant="default" onClick={onReconnect}>
          Reconnect
        </Button>
        <Button color="red" variant="light" onClick={() => setConfirming(true)}>
          Disconnect
        </Button>
      </Group>
      {test?.ok === true && (
        <Text size="sm" role="status" c="teal.9">
          The connection works: {connector.name} answered in {test.ms} ms.
        </Text>
      )}
      {test?.ok === false && (
        <Alert color="red" title="The test failed">
          {test.message}
        </Alert>
      )}
      <Modal opened={confirming} onClose={() => setConfirming(false)} title={`Disconnect ${connector.name}?`} centered>
        <Stack>
          <Text size="sm">
            This deletes your {connector.name} credentials from your vault and switches its actions off. You can connect again later.
          </Text>
          {disconnectError && <Alert color="red">{disconnectError}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
            <Button color="red" onClick={() => void disconnect()} loading={disconnecting}>
              Disconnect
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
