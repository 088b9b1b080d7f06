/** Admin › Custom connectors: the space's custom connectors (version, any integrity problem, removal) and the import flow. */
import { Alert, Button, Loader, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import type { ConnectorChangePreview, CustomConnectorView } from '../../../../shared/views';
import { api } from '../../api';
import { useApp } from '../../store';
import { formatTime, notifySuccess } from '../../util';
import { ConfirmModal } from '../ConfirmModal';
import { adminErrorMessage } from './admin-util';
import { ImportFlow } from './ImportFlow';

export function CustomConnectorsPanel() {
  const setCatalog = useApp((s) => s.setCatalog);
  const [list, setList] = useState<CustomConnectorView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [removing, setRemoving] = useState<{ id: string; preview: ConnectorChangePreview } | null>(null);
  const [busy, setBusy] = useState(false);
  const [removeError, setRemoveError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setList(await api.invoke('admin.customConnectors'));
      setCatalog(await api.invoke('catalog.list'));
      setError(null);
    } catch (err) {
      setError(adminErrorMessage(err));
    }
  }, [setCatalog]);
  useEffect(() => void load(), [load]);

  const askRemove = async (id: string) => {
    setRemoveError(null);
    try {
      setRemoving({ id, preview: await api.invoke('admin.removeConnector', { connectorId: id, dryRun: true }) });
    } catch (err) {
      setError(adminErrorMessage(err));
    }
  };
  const remove = async () => {
    if (!removing) return;
    setBusy(true);
    try {
      await api.invoke('admin.removeConnector', { connectorId: removing.id, confirm: true });
      notifySuccess(`Removed ${removing.id}.`);
      setRemoving(null);
      await load();
    } catch (err) {
      setRemoveError(adminErrorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack>
      <Stack component="section" aria-labelledby="custom-heading">
        <Title order={3} id="custom-heading">
          Custom connectors
        </Title>
        <Text size="sm">Connectors this space added from an API description. Every profile connects them with its own credentials.</Text>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        {!list && !error && <Loader aria-label="Loading custom connectors" />}
        {list && list.length === 0 && <Text role="status">None yet.</Text>}
        {list && list.length > 0 && (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Connector</Table.Th>
                <Table.Th scope="col">Actions</Table.Th>
                <Table.Th scope="col">Updated</Table.Th>
                <Table.Th scope="col">
                  <VisuallyHidden>Remove</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td>
                    {c.name} <code>{c.id}</code>
                    {c.problem && (
                      <Text c="red" size="sm" role="alert">
                        {c.problem}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{c.actions}</Table.Td>
                  <Table.Td>
                    <time dateTime={c.updatedAt}>{formatTime(c.updatedAt)}</time>
                  </Table.Td>
                  <Table.Td>
                    <Button size="xs" variant="default" color="red" onClick={() => void askRemove(c.id)} aria-label={`Remove ${c.name}`}>
                      Remove
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
      <ImportFlow onSaved={() => void load()} />
      <ConfirmModal
        opened={removing !== null}
        title={`Remove ${removing?.id ?? ''}?`}
        confirmLabel="Remove connector"
        busy={busy}
        error={removeError}
        onConfirm={() => void remove()}
        onClose={() => setRemoving(null)}
      >
        <Text size="sm">Every profile loses it; their credentials for it are deleted when they next unlock.</Text>
        {removing?.preview.losses.map((l) => (
          <Text size="sm" key={l.tenantId}>
            {l.name} loses {l.loses.join(', ')}
          </Text>
        ))}
      </ConfirmModal>
    </Stack>
  );
}
