/** Admin › Audit: who changed what in the space (policy, roles, removed profiles), and whether the record is intact. */
import { Alert, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { AuditEntryView } from '../../../../shared/views';
import { api } from '../../api';
import { formatTime } from '../../util';
import { adminErrorMessage, auditActionLabel, auditDetailText } from './admin-util';

export function AuditPanel() {
  const [audit, setAudit] = useState<{ entries: AuditEntryView[]; intact: boolean; unsigned: number; problem?: string } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api.invoke('admin.audit').then(setAudit, (err: unknown) => setError(adminErrorMessage(err)));
  }, []);

  return (
    <Stack component="section" aria-labelledby="admin-audit-heading">
      <Title order={3} id="admin-audit-heading">
        Audit trail
      </Title>
      <Text size="sm">
        Every change an admin made to this space: policy rules, roles, removed profiles, OAuth apps, space settings. Each entry is chained to the one before by
        its hash, so an entry edited or deleted outside Switchboard shows.
      </Text>
      {error && (
        <Alert color="red" role="alert" title="Could not load the audit trail">
          {error}
        </Alert>
      )}
      {!audit && !error && <Loader aria-label="Loading the audit trail" />}
      {audit && !audit.intact && (
        <Alert color="red" role="alert" title="Audit trail changed outside Switchboard">
          {audit.problem ?? 'The audit trail was edited outside Switchboard.'}
        </Alert>
      )}
      {audit && audit.intact && audit.unsigned > 0 && (
        <Text size="sm" role="status">
          {audit.unsigned === 1 ? 'The newest entry is' : `The newest ${audit.unsigned} entries are`} a profile deleting itself, which is signed with the next
          admin change.
        </Text>
      )}
      {audit && audit.entries.length === 0 && <Text role="status">Nothing recorded yet.</Text>}
      {audit && audit.entries.length > 0 && (
        <Table.ScrollContainer minWidth={640}>
          <Table striped highlightOnHover>
            <Table.Caption>
              {audit.entries.length === 1 ? '1 entry' : `${audit.entries.length} entries`}, newest first
            </Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">#</Table.Th>
                <Table.Th scope="col">Time</Table.Th>
                <Table.Th scope="col">Who</Table.Th>
                <Table.Th scope="col">Action</Table.Th>
                <Table.Th scope="col">Detail</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {audit.entries.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td>{e.id}</Table.Td>
                  <Table.Td>
                    <time dateTime={e.at}>{formatTime(e.at)}</time>
                  </Table.Td>
                  <Table.Td>
                    {e.actor}{' '}
                    <Text size="xs" component="span" c="dimmed">
                      {e.actorId}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {auditActionLabel(e.action)}{' '}
                    <Text size="xs" component="span">
                      (<code>{e.action}</code>)
                    </Text>
                  </Table.Td>
                  <Table.Td>{auditDetailText(e.action, e.detail)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
